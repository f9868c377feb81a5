// The EventStore port on EventStoreDB (or KurrentDB, same protocol), for operators who run several
// service instances against one replicated cluster. Stream ids are EventStoreDB stream names; the
// domain data is the event's data; occurredAt, recordedAt and the hash chain travel in metadata;
// global positions are EventStoreDB's $all commit positions (eventstoredb-positions.ts).
import { type AllStreamResolvedEvent, type EventStoreDbClientPort, connectToEventStoreDb } from './eventstoredb-client.ts';
import {
  type EventStore, type GlobalPosition, type StoredEvent, type Subscription, pageLimit, positionBeforeAll,
} from '../../domain/ports/event-store.ts';
import { appendChained } from './eventstoredb-append.ts';
import { maxAppendSizeBytesDefault } from './eventstoredb-append-size.ts';
import { deliverInBatches } from './eventstoredb-batches.ts';
import { toStoreError } from './eventstoredb-errors.ts';
import { toStoredEvent } from './eventstoredb-metadata.ts';
import { type LedgerStreamPredicate, isLedgerStream } from './eventstoredb-ledger-streams.ts';
import { orderOf, readPositionAfter, toGlobalPosition } from './eventstoredb-positions.ts';
import { headPositionOf, readAllPage, readStreamPage } from './eventstoredb-reads.ts';
import { serverTypeFilter, typePredicate } from './eventstoredb-type-filter.ts';
import { type Clock, monotonicRecordedAt, systemClock } from './recorded-at.ts';

export type EventStoreDbOptions = Readonly<{
  // esdb://host:2113?tls=false, esdb+discover://... (see @eventstore/db-client's connection strings)
  connectionString: string;
  clock?: Clock;
  // Appends with expected revision `any` retry when another writer moves the head in between.
  appendRetryCountMax?: number;
  // How long an append may wait for the server's answer; past it the outcome is unknown.
  appendTimeoutMs?: number;
  // How long one read may take (the client itself reads with no deadline).
  readTimeoutMs?: number;
  // The server's MaxAppendSize: a larger append is refused before it is sent.
  maxAppendSizeBytes?: number;
  // Which streams are the ledger's; events of others in $all are stepped over. Tests that name
  // their own streams pass their own predicate.
  isLedgerStream?: LedgerStreamPredicate;
}>;

export const appendRetryCountMaxDefault = 10;
export const appendTimeoutMsDefault = 10_000;
export const readTimeoutMsDefault = 10_000;
const headBackwardPageSize = 100;

// For the store factory: which LEDGER_STORE values name an EventStoreDB (or KurrentDB) cluster.
export const isEventStoreDbConnectionString = (value: string): boolean => /^esdb(\+discover)?:\/\//.test(value);

export type EventStoreDbStoreOptions = Omit<EventStoreDbOptions, 'connectionString'>;

// The factory the server's store selection calls for LEDGER_STORE=esdb://...; the client connects
// lazily, so an unreachable server shows up as StoreUnavailableError on the first operation.
export const openEventStoreDbEventStore = (options: EventStoreDbOptions): EventStore => {
  let client: EventStoreDbClientPort;
  try {
    client = connectToEventStoreDb(options.connectionString);
  } catch (error) {
    throw toStoreError(error, 'connection string parsing');
  }
  return createEventStoreDbEventStore(client, options);
};

export const createEventStoreDbEventStore = (client: EventStoreDbClientPort, options: EventStoreDbStoreOptions = {}): EventStore => {
  // Transaction time comes from this process's clock, monotonic in this process and along every
  // stream (see docs/eventstoredb.md for why not the server's `created`).
  const stamp = monotonicRecordedAt(options.clock ?? systemClock);
  const readContext = {
    client,
    readTimeoutMs: options.readTimeoutMs ?? readTimeoutMsDefault,
    isLedgerStream: options.isLedgerStream ?? isLedgerStream,
  };
  const appendContext = {
    ...readContext,
    stamp,
    retryCountMax: options.appendRetryCountMax ?? appendRetryCountMaxDefault,
    appendTimeoutMs: options.appendTimeoutMs ?? appendTimeoutMsDefault,
    maxAppendSizeBytes: options.maxAppendSizeBytes ?? maxAppendSizeBytesDefault,
  };
  let closed = false;
  const active = new Set<Subscription>();

  const subscribe: EventStore['subscribe'] = (subscribeOptions, handler) => {
    const batchSizeMax = pageLimit(subscribeOptions.batchSizeMax);
    const wanted = typePredicate(subscribeOptions.types);
    let after: GlobalPosition = subscribeOptions.after ?? positionBeforeAll;
    const stream = client.subscribeToAll(
      {
        fromPosition: readPositionAfter(subscribeOptions.after),
        resolveLinkTos: false,
        filter: serverTypeFilter(subscribeOptions.types),
      },
      // The buffer between the server and the handler holds at most one batch.
      { highWaterMark: batchSizeMax },
    );
    const subscription = deliverInBatches<AllStreamResolvedEvent>(
      {
        stream,
        toStored: (resolved): StoredEvent | undefined => {
          const event = resolved.event;
          if (event === undefined || !wanted(event.type)) return undefined;
          const position = orderOf(event.position);
          if (position <= after) return undefined;
          after = position;
          if (!readContext.isLedgerStream(event.streamId)) return undefined;
          return toStoredEvent(event, toGlobalPosition(event.position));
        },
        toError: (error) => toStoreError(error, 'subscription to $all'),
        endedError: () =>
          toStoreError(new Error(closed ? 'the store was closed' : 'the server ended the subscription'), 'subscription to $all'),
        close: () => stream.unsubscribe(),
      },
      batchSizeMax,
      handler,
    );
    active.add(subscription);
    void subscription.done.then(() => active.delete(subscription));
    return subscription;
  };

  return {
    append: (streamId, events, expected) => appendChained(appendContext, streamId, events, expected),
    readStream: (streamId, readOptions) => readStreamPage(readContext, streamId, readOptions),
    readAll: (readOptions) => readAllPage(readContext, readOptions),
    subscribe,
    headPosition: () => headPositionOf(readContext, headBackwardPageSize),
    // Subscriptions stop first (after their current batch): disposing the client under them
    // cancels their calls, which the client does not report as an end.
    close: async () => {
      closed = true;
      await Promise.all([...active].map((subscription) => subscription.stop()));
      await client.dispose();
    },
  };
};
