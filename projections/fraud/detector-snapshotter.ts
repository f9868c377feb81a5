// When the fraud detector's state is snapshotted and how a start restores it. Saves happen after
// at least eventsMin positions since the last snapshot and never within intervalMsMin of the last
// save (a snapshot costs a JSON encoding of the whole state), plus once at stop. A snapshot that
// does not restore (shape, version, rules, a checkpoint past the store's head) is set aside and
// the detector starts from zero: slower, never wrong. Failures are kept in status(), not thrown.
import type { DetectorState } from './fraud-detector.ts';
import { initialDetectorState } from './fraud-detector.ts';
import type { FraudRules } from './fraud-rules.ts';
import { restoreSnapshot, snapshotOf } from './detector-snapshot.ts';
import type { DetectorSnapshots } from './sqlite-detector-snapshots.ts';

export type SnapshotPolicy = Readonly<{ eventsMin: number; intervalMsMin: number }>;

export const defaultSnapshotPolicy: SnapshotPolicy = { eventsMin: 100_000, intervalMsMin: 5_000 };

export type SnapshotStatus = Readonly<{
  // none: no snapshot stored; snapshot: resumed from it; discarded: one was stored but unusable.
  restored: 'none' | 'snapshot' | 'discarded';
  restoredCheckpoint: bigint;
  discardedBecause?: string;
  savedCheckpoint: bigint;
  savesCount: number;
  lastSaveError?: string;
}>;

export type DetectorSnapshotter = Readonly<{
  // The state to start from, given the store's head position at start. Never throws.
  restore: (headPosition: bigint) => DetectorState;
  saveIfDue: (state: DetectorState) => void;
  // At stop: saves whatever is newer than the last snapshot, whatever the interval.
  saveNow: (state: DetectorState) => void;
  status: () => SnapshotStatus;
}>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const createDetectorSnapshotter = (options: Readonly<{
  snapshots: Pick<DetectorSnapshots, 'load' | 'save'>;
  rules: FraudRules;
  policy?: SnapshotPolicy;
  nowMs?: () => number;
}>): DetectorSnapshotter => {
  const { snapshots, rules } = options;
  const policy = options.policy ?? defaultSnapshotPolicy;
  const nowMs = options.nowMs ?? Date.now;
  let status: SnapshotStatus = { restored: 'none', restoredCheckpoint: 0n, savedCheckpoint: 0n, savesCount: 0 };
  let lastSaveMs = Number.NEGATIVE_INFINITY;

  const save = (state: DetectorState): void => {
    try {
      snapshots.save(snapshotOf(state, rules));
      lastSaveMs = nowMs();
      status = { ...status, savedCheckpoint: state.checkpoint, savesCount: status.savesCount + 1, lastSaveError: undefined };
    } catch (error) {
      // A failed save only costs a longer catch-up at the next start.
      status = { ...status, lastSaveError: messageOf(error) };
    }
  };

  return {
    restore: (headPosition) => {
      try {
        const stored = snapshots.load();
        if (stored === undefined) return initialDetectorState();
        const state = restoreSnapshot(stored, rules);
        if (state.checkpoint > headPosition) {
          throw new Error(`fraud detector snapshot: checkpoint ${state.checkpoint} is past the store's head ${headPosition}`);
        }
        status = { ...status, restored: 'snapshot', restoredCheckpoint: state.checkpoint, savedCheckpoint: state.checkpoint };
        return state;
      } catch (error) {
        status = { ...status, restored: 'discarded', discardedBecause: messageOf(error) };
        return initialDetectorState();
      }
    },
    saveIfDue: (state) => {
      const enoughEvents = state.checkpoint - status.savedCheckpoint >= BigInt(policy.eventsMin);
      if (enoughEvents && nowMs() - lastSaveMs >= policy.intervalMsMin) save(state);
    },
    saveNow: (state) => {
      if (state.checkpoint > status.savedCheckpoint) save(state);
    },
    status: () => status,
  };
};
