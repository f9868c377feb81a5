// A catch-up subscription built on readAll: read pages after the checkpoint until none is left,
// then wait for a wake-up (an append in this process) or a poll interval (appends by another
// process on the same store), and go on. One batch is in flight at a time, so a slow handler
// slows the reads instead of growing a buffer.
import {
  type ReadAllOptions, type StoredEvent, type SubscribeOptions, type Subscription, pageLimit, positionBeforeAll,
} from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from './yield-to-event-loop.ts';

export type WakeSource = (listener: () => void) => () => void;

// The in-process "something was appended" signal a local store gives its subscriptions.
export type AppendSignal = Readonly<{ notify: () => void; wakeSource: WakeSource; clear: () => void }>;

export const appendSignal = (): AppendSignal => {
  const listeners = new Set<() => void>();
  return {
    notify: () => {
      for (const listener of [...listeners]) listener();
    },
    wakeSource: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
};

export const pollIntervalMsDefault = 250;


export const catchUpSubscription = (
  readAll: (options: ReadAllOptions) => Promise<ReadonlyArray<StoredEvent>>,
  onAppended: WakeSource,
  options: SubscribeOptions,
  handler: (batch: ReadonlyArray<StoredEvent>) => Promise<void>,
  pollIntervalMs: number = pollIntervalMsDefault,
): Subscription => {
  const limit = pageLimit(options.batchSizeMax);
  let after = options.after ?? positionBeforeAll;
  let stopped = false;
  let wake: (() => void) | undefined;
  const unsubscribe = onAppended(() => wake?.());

  const sleep = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async (): Promise<Error | undefined> => {
    try {
      while (!stopped) {
        const batch = await readAll({ after, limit, ...(options.types === undefined ? {} : { types: options.types }) });
        const last = batch.at(-1);
        if (last === undefined) {
          await sleep();
          continue;
        }
        await handler(batch);
        after = last.position;
        // One macrotask turn per batch: a catch-up over a large backlog must not starve the
        // process (a server could not even listen until it ended).
        await yieldToEventLoop();
      }
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      unsubscribe();
    }
  };

  const done = run();
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
    done,
  };
};
