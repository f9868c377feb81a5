// In-memory event store: same semantics as the durable ones, nothing kept. For tests and `memory:`.
import { appendSignal, catchUpSubscription } from './catch-up-subscription.ts';
import {
  type AppendOutcome, type EventStore, type ExpectedRevision, type NewEvent, type StoredEvent, type StreamId,
  appendBatchSizeMax, checkExpectedRevision, pageLimit, positionBeforeAll,
} from '../../domain/ports/event-store.ts';
import { chainEvents } from './hash-chain.ts';
import { type Clock, monotonicRecordedAt, systemClock } from './recorded-at.ts';

export type MemoryEventStoreOptions = Readonly<{ clock?: Clock; pollIntervalMs?: number }>;

export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const all: StoredEvent[] = [];
  const streams = new Map<StreamId, StoredEvent[]>();
  const appended = appendSignal();
  const stamp = monotonicRecordedAt(options.clock ?? systemClock);

  const append = async (streamId: StreamId, events: ReadonlyArray<NewEvent>, expected: ExpectedRevision): Promise<AppendOutcome> => {
    if (events.length > appendBatchSizeMax) throw new RangeError(`at most ${appendBatchSizeMax} events per append`);
    const stream = streams.get(streamId) ?? [];
    const head = stream.at(-1);
    if (!checkExpectedRevision(expected, head?.revision)) {
      return { kind: 'conflict', streamId, expected, actualRevision: head?.revision };
    }
    const stored = chainEvents(streamId, head, events, stamp()).map(({ content, hash }, index) => ({
      ...content,
      position: BigInt(all.length + 1 + index),
      hash,
    }));
    for (const event of stored) {
      all.push(event);
      stream.push(event);
    }
    streams.set(streamId, stream);
    if (stored.length > 0) appended.notify();
    return { kind: 'appended', streamId, events: stored };
  };

  const readAll: EventStore['readAll'] = async (readOptions = {}) => {
    const limit = pageLimit(readOptions.limit);
    const after = Number(readOptions.after ?? positionBeforeAll);
    const types = readOptions.types === undefined ? undefined : new Set(readOptions.types);
    const page: StoredEvent[] = [];
    for (let index = after; index < all.length && page.length < limit; index += 1) {
      const event = all[index];
      if (event !== undefined && (types === undefined || types.has(event.type))) page.push(event);
    }
    return page;
  };

  return {
    append,
    readStream: async (streamId, readOptions = {}) => {
      const from = readOptions.fromRevision ?? 0;
      // slice copies: callers never hold the store's own arrays.
      return (streams.get(streamId) ?? []).slice(from, from + pageLimit(readOptions.limit));
    },
    readAll,
    subscribe: (subscribeOptions, handler) =>
      catchUpSubscription(
        readAll,
        appended.wakeSource,
        subscribeOptions,
        handler,
        options.pollIntervalMs,
      ),
    headPosition: async () => BigInt(all.length),
    close: async () => {
      appended.clear();
    },
  };
};
