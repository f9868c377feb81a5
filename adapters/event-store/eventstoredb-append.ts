// Appending to EventStoreDB with the ledger's hash chain. The chain links each event to the one
// before it in its stream, so the adapter reads the stream's head, computes the hashes here (the
// same eventHash over the same content as every other store) and makes the server refuse the
// write if the head moved meanwhile. Positions are only known once written, so the appended
// events are read back (from the leader, which has indexed a write before acknowledging it).
// Every append is bounded in size (eventstoredb-append-size.ts) and in time: the client's
// BatchAppend call has no deadline of its own, so an answer that never comes is the adapter's to
// bound, and then the outcome is unknown (written or not): the caller is told so, and retrying
// with the same expected revision is safe (a second write of the same events conflicts).
import {
  type AppendExpectedRevision, type EventData, MaxAppendSizeExceededError, NotLeaderError,
} from './eventstoredb-client.ts';
import {
  type AppendOutcome, type ExpectedRevision, type NewEvent, type RevisionConflict, type StoredEvent, type StreamId,
  StoreCorruptedError, StoreUnavailableError, appendBatchSizeMax, checkExpectedRevision, pageSizeMax,
} from '../../domain/ports/event-store.ts';
import { AppendTooLargeError, appendSizeBytes } from './eventstoredb-append-size.ts';
import { toStoreError } from './eventstoredb-errors.ts';
import { toEventData } from './eventstoredb-metadata.ts';
import { type ReadContext, readStreamHead, readStreamPage } from './eventstoredb-reads.ts';
import { conflictFrom, serverExpectedRevision } from './eventstoredb-revisions.ts';
import { type ChainedEvent, chainEvents } from './hash-chain.ts';

const readBack = async (context: ReadContext, chained: ReadonlyArray<ChainedEvent>): Promise<StoredEvent[]> => {
  const stored: StoredEvent[] = [];
  for (let index = 0; index < chained.length; index += pageSizeMax) {
    const first = chained[index]?.content;
    if (first === undefined) break;
    const limit = Math.min(pageSizeMax, chained.length - index);
    stored.push(...(await readStreamPage(context, first.streamId, { fromRevision: first.revision, limit })));
  }
  chained.forEach((event, index) => {
    if (stored[index]?.hash !== event.hash) {
      throw new StoreCorruptedError(
        `EventStoreDB append to ${event.content.streamId}: event ${event.content.revision} read back differs from the one written`,
      );
    }
  });
  return stored;
};

export type AppendContext = ReadContext & Readonly<{
  stamp: () => string;
  retryCountMax: number;
  appendTimeoutMs: number;
  maxAppendSizeBytes: number;
}>;

// The append's answer, or StoreUnavailableError once appendTimeoutMs has passed without one.
const withinTimeout = async <T>(context: AppendContext, streamId: StreamId, write: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  // A late failure after the timeout has nobody to report to.
  write.catch(() => undefined);
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(
      `EventStoreDB append to stream ${streamId} failed: no answer within ${context.appendTimeoutMs} ms; ` +
      'the append may or may not have been written (retry with the same expected revision: a written one conflicts)',
    )), context.appendTimeoutMs);
  });
  try {
    return await Promise.race([write, timedOut]);
  } finally {
    clearTimeout(timer);
  }
};

// A node that is no longer the leader refuses before it writes anything (the server's NotHandled
// NotLeader: Streams.BatchAppend.cs, RpcExceptions.cs), and the client reconnects to the leader it
// names: retrying there is safe. Any other failure of the write itself leaves the outcome unknown
// and goes back to the caller.
const isNotLeader = (error: unknown): boolean =>
  error instanceof NotLeaderError || (error instanceof StoreUnavailableError && error.cause instanceof NotLeaderError);

type Sent = Readonly<{ kind: 'written' }> | Readonly<{ kind: 'retry' }> | RevisionConflict;

const send = async (
  context: AppendContext, streamId: StreamId, eventData: ReadonlyArray<EventData>,
  expected: ExpectedRevision, expectedRevision: AppendExpectedRevision,
): Promise<Sent> => {
  try {
    // `deadline` travels with the append: the server gives up on it past that time (at most its
    // own write timeout) and answers Timeout.
    const result = await withinTimeout(context, streamId, context.client.appendToStream(streamId, [...eventData], {
      expectedRevision, requiresLeader: true, deadline: context.appendTimeoutMs,
    }));
    if (result.success) return { kind: 'written' };
    // Only with throwOnAppendFailure=false in the connection string: a refusal without an error.
    if (expected.kind === 'any') return { kind: 'retry' };
    const actual = await readStreamHead(context, streamId);
    return { kind: 'conflict', streamId, expected, actualRevision: actual?.revision };
  } catch (error) {
    if (isNotLeader(error)) return { kind: 'retry' };
    if (error instanceof MaxAppendSizeExceededError) {
      throw new AppendTooLargeError(streamId, eventData.length, appendSizeBytes(eventData), error.maxAppendSize);
    }
    const conflict = conflictFrom(error, streamId, expected);
    if (conflict === undefined) throw toStoreError(error, `append to stream ${streamId}`);
    return expected.kind === 'any' ? { kind: 'retry' } : conflict;
  }
};

const readHead = async (context: AppendContext, streamId: StreamId): Promise<StoredEvent | undefined | 'retry'> => {
  try {
    return await readStreamHead(context, streamId);
  } catch (error) {
    if (isNotLeader(error)) return 'retry';
    throw error;
  }
};

export const appendChained = async (
  context: AppendContext,
  streamId: StreamId,
  events: ReadonlyArray<NewEvent>,
  expected: ExpectedRevision,
): Promise<AppendOutcome> => {
  if (events.length > appendBatchSizeMax) throw new RangeError(`at most ${appendBatchSizeMax} events per append`);
  for (let attempt = 1; attempt <= context.retryCountMax; attempt += 1) {
    // A new stream has no head to chain to; the server checks it really is new.
    const head = expected.kind === 'no_stream' && events.length > 0 ? undefined : await readHead(context, streamId);
    if (head === 'retry') continue;
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    if (events.length === 0) return { kind: 'appended', streamId, events: [] };
    const chained = chainEvents(streamId, head, events, context.stamp());
    const eventData = chained.map((e) => toEventData(e.content, e.hash));
    const sizeBytes = appendSizeBytes(eventData);
    if (sizeBytes > context.maxAppendSizeBytes) {
      throw new AppendTooLargeError(streamId, events.length, sizeBytes, context.maxAppendSizeBytes);
    }
    const sent = await send(context, streamId, eventData, expected, serverExpectedRevision(expected, head?.revision));
    if (sent.kind === 'retry') continue;
    if (sent.kind === 'conflict') return sent;
    try {
      return { kind: 'appended', streamId, events: await readBack(context, chained) };
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // The caller must not take this for a failed append: retrying it would conflict.
      throw new StoreUnavailableError(
        `EventStoreDB append to stream ${streamId} was written, but reading it back failed: ${error.message}`, { cause: error },
      );
    }
  }
  throw new StoreUnavailableError(
    `EventStoreDB append to stream ${streamId}: the head kept moving or the leader kept changing, gave up after ${context.retryCountMax} attempts`,
  );
};
