// Turns a live object stream (an EventStoreDB catch-up subscription) into the port's batched,
// back-pressured delivery: take what is buffered, at most batchSizeMax, hand it to the handler,
// and read nothing more until the handler is done. While the handler works the stream's own
// buffer (highWaterMark, set by the caller to the batch size) fills up and the stream pauses the
// gRPC call beneath it, so a slow handler slows the server instead of growing memory.
import type { Readable } from 'node:stream';
import type { StoredEvent, Subscription } from '../../domain/ports/event-store.ts';

export type BatchSource<T> = Readonly<{
  stream: Readable;
  // One item as a stored event, or undefined to skip it (filtered out, already delivered).
  toStored: (item: T) => StoredEvent | undefined;
  // Translates a failure of the stream (not of the handler) into the port's error.
  toError: (error: unknown) => Error;
  // Error to report when the server ends a subscription that should never end.
  endedError: () => Error;
  close: () => Promise<void>;
}>;

export const deliverInBatches = <T>(
  source: BatchSource<T>,
  batchSizeMax: number,
  handler: (batch: ReadonlyArray<StoredEvent>) => Promise<void>,
): Subscription => {
  const { stream } = source;
  let stopped = false;
  let ended = false;
  let failure: Error | undefined;
  let signalled = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    signalled = true;
    wake?.();
  };
  const nextSignal = (): Promise<void> =>
    signalled ? Promise.resolve() : new Promise((resolve) => {
      wake = resolve;
    });
  const onError = (error: unknown): void => {
    failure ??= source.toError(error);
    signal();
  };
  const onEnd = (): void => {
    ended = true;
    signal();
  };
  stream.on('readable', signal);
  stream.on('error', onError);
  stream.on('end', onEnd);
  // A stream destroyed without an error emits 'close' but never 'end'.
  stream.on('close', onEnd);

  const takeBatch = (): StoredEvent[] => {
    const batch: StoredEvent[] = [];
    while (batch.length < batchSizeMax) {
      const item: T | null = stream.read();
      if (item === null) break;
      const stored = source.toStored(item);
      if (stored !== undefined) batch.push(stored);
    }
    return batch;
  };

  const run = async (): Promise<Error | undefined> => {
    try {
      while (!stopped) {
        if (failure !== undefined) return failure;
        signalled = false;
        const batch = takeBatch();
        if (batch.length > 0) {
          await handler(batch);
          continue;
        }
        if (ended) return source.endedError();
        await nextSignal();
      }
      return undefined;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    } finally {
      stream.off('readable', signal);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      // Keep listening for errors: a cancelled call may still emit one, and an unheard 'error'
      // event would crash the process.
      await source.close().catch(() => undefined);
    }
  };

  const done = run();
  return {
    stop: async () => {
      stopped = true;
      signal();
      await done;
    },
    done,
  };
};
