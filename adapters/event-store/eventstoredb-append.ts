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
  type AppendOutcome, type ExpectedRevision, type NewEvent, type StoredEvent, type StreamId,
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

export const appendChained = async (
  context: AppendContext,
  streamId: StreamId,
  events: ReadonlyArray<NewEvent>,
  expected: ExpectedRevision,
): Promise<AppendOutcome> => {
  if (events.length > appendBatchSizeMax) throw new RangeError(`at most ${appendBatchSizeMax} events per append`);
  const { client } = context;
  for (let attempt = 1; attempt <= context.retryCountMax; attempt += 1) {
    // A new stream has no head to chain to; the server checks it really is new.
    const head = expected.kind === 'no_stream' && events.length > 0 ? undefined : await readStreamHead(context, streamId);
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    if (events.length === 0) return { kind: 'appended', streamId, events: [] };
    const chained = chainEvents(streamId, head, events, context.stamp());
    const expectedRevision = serverExpectedRevision(expected, head?.revision);
    const eventData = chained.map((e) => toEventData(e.content, e.hash));
    const sizeBytes = appendSizeBytes(eventData);
    if (sizeBytes > context.maxAppendSizeBytes) {
      throw new AppendTooLargeError(streamId, events.length, sizeBytes, context.maxAppendSizeBytes);
    }
    let success: boolean;
    try {
      // `deadline` travels with the append: the server gives up on it past that time (it is
      // the server's write timeout at most) and answers Timeout.
      const result = await withinTimeout(context, streamId, client.appendToStream(streamId, eventData, {
        expectedRevision,
        requiresLeader: true,
        deadline: context.appendTimeoutMs,
      }));
      success = result.success;
    } catch (error) {
      const conflict = conflictFrom(error, streamId, expected);
      if (conflict === undefined) throw toStoreError(error, `append to stream ${streamId}`);
      if (expected.kind === 'any') continue;
      return conflict;
    }
    // Only with throwOnAppendFailure=false in the connection string: a refusal without an error.
    if (!success) {
      if (expected.kind === 'any') continue;
      const actual = await readStreamHead(context, streamId);
      return { kind: 'conflict', streamId, expected, actualRevision: actual?.revision };
    }
    return { kind: 'appended', streamId, events: await readBack(context, chained) };
  }
  throw new StoreUnavailableError(
    `EventStoreDB append to stream ${streamId}: the head kept moving, gave up after ${context.retryCountMax} attempts`,
  );
};
