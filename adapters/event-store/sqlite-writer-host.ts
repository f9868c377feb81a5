// The store's side of its writer thread (sqlite-writer-worker.ts). Appends of one turn of the
// event loop go over as ONE message (the rows as text, never the decoded data); the thread groups
// them into transactions and answers each batch with compact outcomes (positions, hashes), from
// which the appends' StoredEvents are built here out of what the callers encoded. Stream heads
// learnt from those outcomes let a read of "anything after my cached state?" skip its query, as
// the inline writer's do; they are dropped whenever the thread reports another connection's commit,
// and a conflict drops its stream's (the thread checks every expected revision in its transaction,
// so a stale head here can only cost a retry, never a wrong append).
import { isLeft } from 'fp-ts/lib/Either.js';
import { Worker } from 'node:worker_threads';
import { type StreamId, StoreCorruptedError, StoreUnavailableError } from '../../domain/ports/event-store.ts';
import type { Appender, AppenderOptions } from './sqlite-appender.ts';
import { cachedStreamHeadsMaxDefault } from './sqlite-stream-heads.ts';
import { type EncodedAppend, type RowAppend, toAppendOutcome } from './sqlite-row-append.ts';
import { type StoreMessage, type WriterData, WriterMessageCodec, type WriterOutcome } from './sqlite-writer-messages.ts';
import type { AppendOutcome } from '../../domain/ports/event-store.ts';

type Waiting = Readonly<{ append: EncodedAppend; resolve: (outcome: AppendOutcome) => void; reject: (error: Error) => void }>;

const bootstrap = new URL('./sqlite-writer-worker-bootstrap.js', import.meta.url);

const rowAppendOf = ({ streamId, streamIdJson, expected, events }: EncodedAppend): RowAppend => ({
  streamId, streamIdJson, expected,
  events: events.map(({ type, typeJson, occurredAt, occurredAtJson, dataJson, metadataJson }) => ({
    type, typeJson, occurredAt, occurredAtJson, dataJson, metadataJson,
  })),
});

export const startWriterThread = (path: string, busyTimeoutMs: number, options: AppenderOptions): Appender => {
  const data: WriterData = { path, busyTimeoutMs, limits: options.limits };
  const worker = new Worker(bootstrap, { workerData: data });
  let queue: Waiting[] = [];
  const inFlight = new Map<number, ReadonlyArray<Waiting>>();
  let inFlightAppends = 0;
  let nextBatch = 0;
  let scheduled: NodeJS.Immediate | undefined;
  let failure: Error | undefined;
  let stopped = false;
  const heads = new Map<StreamId, number>();
  let otherWriterCommits: number | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const send = (message: StoreMessage): void => worker.postMessage(message);

  const flush = (): void => {
    scheduled = undefined;
    if (queue.length === 0) return;
    const batch = nextBatch;
    nextBatch += 1;
    inFlight.set(batch, queue);
    inFlightAppends += queue.length;
    send({ kind: 'append', batch, nowMs: options.clock.now().getTime(), appends: queue.map(({ append }) => rowAppendOf(append)) });
    queue = [];
  };

  const failAll = (error: Error): void => {
    failure ??= error;
    for (const waiting of [...queue, ...[...inFlight.values()].flat()]) waiting.reject(error);
    queue = [];
    inFlight.clear();
    inFlightAppends = 0;
  };

  const learn = (outcome: WriterOutcome): void => {
    if (outcome.kind === 'conflict') heads.delete(outcome.streamId);
    if (outcome.kind !== 'written' || outcome.hashes.length === 0) return;
    heads.delete(outcome.streamId);
    heads.set(outcome.streamId, outcome.firstRevision + outcome.hashes.length - 1);
    if (heads.size > cachedStreamHeadsMaxDefault) heads.clear();
  };

  const settle = (waiting: Waiting | undefined, outcome: WriterOutcome | undefined): void => {
    if (waiting === undefined || outcome === undefined) throw new Error('sqlite writer thread: a batch answered with the wrong count');
    if (outcome.kind !== 'failed') return waiting.resolve(toAppendOutcome(waiting.append, outcome));
    waiting.reject(outcome.corrupted ? new StoreCorruptedError(outcome.message) : new StoreUnavailableError(outcome.message));
  };

  worker.on('message', (raw: unknown) => {
    const decoded = WriterMessageCodec.decode(raw);
    if (isLeft(decoded)) return failAll(new StoreUnavailableError('sqlite event store: the writer thread sent a message it should not'));
    const message = decoded.right;
    switch (message.kind) {
      case 'written': {
        const waiting = inFlight.get(message.batch) ?? [];
        if (waiting.length !== message.outcomes.length) throw new Error('sqlite writer thread: a batch answered with the wrong count');
        inFlight.delete(message.batch);
        inFlightAppends -= waiting.length;
        if (message.otherWriterCommits !== otherWriterCommits) heads.clear();
        otherWriterCommits = message.otherWriterCommits;
        message.outcomes.forEach(learn);
        waiting.forEach((entry, index) => settle(entry, message.outcomes[index]));
        return message.groups.forEach(options.onCommitted);
      }
      case 'failed':
        return failAll(new StoreUnavailableError(`sqlite event store: the writer thread failed: ${message.message.split('\n')[0] ?? ''}`));
      case 'stopped':
        return undefined;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  });
  worker.on('error', (error) => failAll(new StoreUnavailableError(`sqlite event store: the writer thread failed: ${error.message}`)));
  worker.on('exit', () => failAll(new StoreUnavailableError('sqlite event store: the writer thread has stopped')));

  return {
    append: (append) => {
      if (failure !== undefined) return Promise.reject(failure);
      if (stopped) return Promise.reject(new StoreUnavailableError('sqlite event store: closed'));
      const waitingCount = queue.length + inFlightAppends;
      if (waitingCount >= options.limits.pendingAppendsMax) {
        return Promise.reject(new StoreUnavailableError(`sqlite event store: ${waitingCount} appends already waiting`));
      }
      return new Promise<AppendOutcome>((resolve, reject) => {
        queue.push({ append, resolve, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    knownToEndBefore: (streamId, revision) => {
      const head = heads.get(streamId);
      return head !== undefined && head < revision;
    },
    stop: async () => {
      if (!stopped) {
        stopped = true;
        if (scheduled !== undefined) clearImmediate(scheduled);
        flush();
        send({ kind: 'stop' });
      }
      await exited;
    },
  };
};
