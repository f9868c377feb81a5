// The server's side of the read side's worker thread: starts it, feeds its progress into the
// API's waiters, wakes it at appends (a counter in shared memory, see read-side-wake.ts), and
// starts it again with a bounded, jittered backoff when it exits unasked (a crash, or terminate()):
// the new worker resumes from the read file's checkpoints. Stopping asks the worker to end its
// current batch and close; one that does not within stopTimeoutMs is terminated (nothing is lost:
// a batch commits with its checkpoint).
import { isLeft } from 'fp-ts/lib/Either.js';
import { Worker } from 'node:worker_threads';
import type { ReadProgress } from './read-progress.ts';
import { type HostMessage, WorkerMessageCodec, type WorkerData } from './read-side-messages.ts';
import { createWakeCounter } from './read-side-wake.ts';

export type ReadSideHost = Readonly<{
  // Resolves once the first worker has the read file ready to read; rejects if it fails before.
  firstOpened: Promise<void>;
  // Called at every worker's 'opened' (the file may have been rebuilt: the API reopens it).
  onOpened: (listener: () => void) => void;
  appended: () => void;
  // The running worker, for tests that kill it.
  worker: () => Worker | undefined;
  stop: () => Promise<void>;
}>;

export type ReadSideHostOptions = Readonly<{
  restartDelayMsMin?: number;
  restartDelayMsMax?: number;
  stopTimeoutMs?: number;
  random?: () => number;
}>;

const bootstrap = new URL('./read-side-worker-bootstrap.js', import.meta.url);

// Exponential from min, capped at max, each delay drawn in [half, whole] so that several servers
// restarted together do not retry in step.
export const restartDelayMs = (attempt: number, min: number, max: number, random: () => number): number =>
  Math.round(Math.min(max, min * 2 ** Math.min(attempt, 30)) * (0.5 + random() / 2));

export const startReadSideHost = (
  data: Omit<WorkerData, 'wakeBuffer'>, progress: ReadProgress, log: (line: string) => void, options: ReadSideHostOptions = {},
): ReadSideHost => {
  const delayMin = options.restartDelayMsMin ?? 100;
  const delayMax = options.restartDelayMsMax ?? 5_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const random = options.random ?? Math.random;
  const openedListeners: Array<() => void> = [];
  let current: Worker | undefined;
  let stopping = false;
  let attempt = 0;
  let everOpened = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let settleFirst: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const firstOpened = new Promise<void>((resolve, reject) => { settleFirst = { resolve, reject }; });
  // One counter for every worker this host starts: a restarted worker starts from its value.
  const wakes = createWakeCounter();

  const onMessage = (raw: unknown): void => {
    const decoded = WorkerMessageCodec.decode(raw);
    if (isLeft(decoded)) return log('read side: ignored a message the worker should not send');
    const message = decoded.right;
    switch (message.kind) {
      case 'opened':
        attempt = 0;
        everOpened = true;
        settleFirst?.resolve();
        settleFirst = undefined;
        for (const listener of openedListeners) listener();
        return;
      case 'progress':
        return progress.update(message.status);
      case 'log':
        return log(message.line);
      case 'failed':
        log(`read side worker failed: ${message.message}`);
        settleFirst?.reject(new Error(`read side: ${message.message.split('\n')[0] ?? ''}`));
        settleFirst = undefined;
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  };

  const spawn = (): void => {
    const workerData: WorkerData = { ...data, wakeBuffer: wakes.buffer };
    const worker = new Worker(bootstrap, { workerData });
    current = worker;
    worker.on('message', onMessage);
    worker.on('error', (error) => log(`read side worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (current === worker) current = undefined;
      progress.runnerGone();
      // A first worker that never opened the file fails the server's start instead of looping.
      if (!everOpened) settleFirst?.reject(new Error(`read side: the worker exited (code ${code}) before opening the read file`));
      settleFirst = undefined;
      if (stopping || !everOpened) return;
      const delayMs = restartDelayMs(attempt, delayMin, delayMax, random);
      attempt += 1;
      log(`read side worker exited (code ${code}); starting it again in ${delayMs} ms, from its checkpoints`);
      restartTimer = setTimeout(spawn, delayMs);
    });
  };
  spawn();

  const send = (message: HostMessage): void => current?.postMessage(message);
  return {
    firstOpened,
    onOpened: (listener) => void openedListeners.push(listener),
    appended: wakes.bump,
    worker: () => current,
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      const worker = current;
      if (worker === undefined) return progress.stop();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      send({ kind: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
      progress.stop();
    },
  };
};
