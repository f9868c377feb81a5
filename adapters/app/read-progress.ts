// The API's view of how far each projection of the read side has got, when the runner is not on
// this event loop (a worker thread, or the `project` process): statuses are pushed in (worker
// messages, or a poll of the read file's checkpoints) and readers wait, bounded, for a position
// (read-your-writes). A checkpoint may move back (the runner rebuilt its file): waiters then keep
// waiting for the new one to pass their position, so a read never answers from a state it did not see.
import type { GlobalPosition } from '../../domain/ports/event-store.ts';
import type { ProjectionStatus } from '../../projections/runner/projection-runner.ts';
import { type WaitOutcome, Waiters } from '../../projections/runner/waiters.ts';

export type ReadProgress = Readonly<{
  update: (status: ProjectionStatus) => void;
  waitFor: (name: string, position: GlobalPosition, timeoutMs: number) => Promise<WaitOutcome>;
  statuses: () => ReadonlyArray<ProjectionStatus>;
  // The runner went away (worker exited): waiting readers keep their deadline, statuses say stopped.
  runnerGone: () => void;
  stop: () => void;
}>;

type Entry = { status: ProjectionStatus; readonly waiters: Waiters };

export const createReadProgress = (names: ReadonlyArray<string>): ReadProgress => {
  const entries = new Map<string, Entry>(
    names.map((name) => [name, { status: { name, state: 'stopped', checkpoint: 0n }, waiters: new Waiters() }]),
  );
  return {
    update: (status) => {
      const entry = entries.get(status.name);
      if (entry === undefined) return;
      entry.status = status;
      if (status.state === 'failed') entry.waiters.failed(status.error ?? 'failed');
      else entry.waiters.reached(status.checkpoint);
    },
    waitFor: (name, position, timeoutMs) => {
      const entry = entries.get(name);
      if (entry === undefined) return Promise.resolve({ kind: 'unknown_projection' });
      if (entry.status.state === 'failed') return Promise.resolve({ kind: 'failed', error: entry.status.error ?? 'failed' });
      return entry.waiters.wait(position, entry.status.checkpoint, timeoutMs);
    },
    statuses: () => [...entries.values()].map((entry) => entry.status),
    runnerGone: () => {
      for (const entry of entries.values()) if (entry.status.state === 'running') entry.status = { ...entry.status, state: 'stopped' };
    },
    stop: () => {
      for (const entry of entries.values()) entry.waiters.stopped(entry.status.checkpoint);
    },
  };
};
