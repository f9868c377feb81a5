// Appending to EventStoreDB with the ledger's hash chain. The chain links each event to the one
// before it in its stream, so the adapter reads the stream's head, computes the hashes here (the
// same eventHash over the same content as every other store) and makes the server refuse the
// write if the head moved meanwhile. Positions are only known once written, so the appended
// events are read back (from the leader, which has indexed a write before acknowledging it).
import {
  type AppendOutcome, type ExpectedRevision, type NewEvent, type StoredEvent, type StreamId,
  StoreCorruptedError, StoreUnavailableError, appendBatchSizeMax, checkExpectedRevision, pageSizeMax,
} from '../../domain/ports/event-store.ts';
import { toStoreError } from './eventstoredb-errors.ts';
import type { EventStoreDbClientPort } from './eventstoredb-client.ts';
import { toEventData } from './eventstoredb-metadata.ts';
import { readStreamHead, readStreamPage } from './eventstoredb-reads.ts';
import { conflictFrom, serverExpectedRevision } from './eventstoredb-revisions.ts';
import { type ChainedEvent, chainEvents } from './hash-chain.ts';

const readBack = async (client: EventStoreDbClientPort, chained: ReadonlyArray<ChainedEvent>): Promise<StoredEvent[]> => {
  const stored: StoredEvent[] = [];
  for (let index = 0; index < chained.length; index += pageSizeMax) {
    const first = chained[index]?.content;
    if (first === undefined) break;
    const limit = Math.min(pageSizeMax, chained.length - index);
    stored.push(...(await readStreamPage(client, first.streamId, { fromRevision: first.revision, limit })));
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

export type AppendContext = Readonly<{ client: EventStoreDbClientPort; stamp: () => string; retryCountMax: number }>;

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
    const head = expected.kind === 'no_stream' && events.length > 0 ? undefined : await readStreamHead(client, streamId);
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    if (events.length === 0) return { kind: 'appended', streamId, events: [] };
    const chained = chainEvents(streamId, head, events, context.stamp());
    const expectedRevision = serverExpectedRevision(expected, head?.revision);
    let success: boolean;
    try {
      const result = await client.appendToStream(streamId, chained.map((e) => toEventData(e.content, e.hash)), {
        expectedRevision,
        requiresLeader: true,
      });
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
      const actual = await readStreamHead(client, streamId);
      return { kind: 'conflict', streamId, expected, actualRevision: actual?.revision };
    }
    return { kind: 'appended', streamId, events: await readBack(client, chained) };
  }
  throw new StoreUnavailableError(
    `EventStoreDB append to stream ${streamId}: the head kept moving, gave up after ${context.retryCountMax} attempts`,
  );
};
