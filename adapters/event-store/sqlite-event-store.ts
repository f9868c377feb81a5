// The embedded, durable event store: SQLite through better-sqlite3, one file, WAL with
// synchronous=FULL, group commit. The connection is exposed so projections can keep their tables
// in the same database (and the same transactions are then never needed across two files).
import type BetterSqlite3 from 'better-sqlite3';
import { type WakeSource, appendSignal, catchUpSubscription } from './catch-up-subscription.ts';
import {
  type EventStore, type NewEvent, type Subscription, StoreUnavailableError, appendBatchSizeMax, pageLimit, positionBeforeAll,
} from '../../domain/ports/event-store.ts';
import { type Clock, systemClock } from './recorded-at.ts';
import { type EncodedEvent, createAppendWriter } from './sqlite-append-writer.ts';
import { translateSqliteError } from './sqlite-errors.ts';
import { canonicalJson, encodeData } from './canonical-json.ts';
import { newMetadata } from './hash-chain.ts';
import { type CommittedGroup, type GroupCommitLimits, createGroupCommit, groupCommitLimitsDefault } from './sqlite-group-commit.ts';
import { openDatabase } from './sqlite-open-database.ts';
import { busyTimeoutMsDefault } from './sqlite-schema.ts';
import { type Statements, prepareStatements, toStoredEvent, typeFilterSizeMax } from './sqlite-statements.ts';

export type Database = BetterSqlite3.Database;
export type SqliteEventStore = EventStore & Readonly<{ database: Database }>;

export type SqliteEventStoreOptions = Readonly<{
  path: string;
  clock?: Clock;
  // How often a subscription looks for events appended by other processes.
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
  groupCommitLimits?: GroupCommitLimits;
  // Called after each committed transaction (metrics, benchmarks).
  onGroupCommitted?: (group: CommittedGroup) => void;
  // A reader beside the writing process (the read side's worker): a read-only connection, appends
  // refused; wakeSource, when given, wakes its subscriptions as soon as the writer says it appended
  // (sooner than the poll interval).
  readOnly?: boolean;
  wakeSource?: WakeSource;
}>;

const encodeEvent = (event: NewEvent): EncodedEvent => {
  const { json, readBack } = encodeData(event.data);
  const metadata = newMetadata(event.metadata);
  return {
    metadata,
    metadataJson: canonicalJson(metadata),
    type: event.type,
    typeJson: canonicalJson(event.type),
    occurredAt: event.occurredAt,
    occurredAtJson: canonicalJson(event.occurredAt),
    dataJson: json,
    data: readBack,
  };
};

const readAllPage = (statements: Statements, options: Parameters<EventStore['readAll']>[0] = {}) => {
  const limit = pageLimit(options.limit);
  const after = options.after ?? positionBeforeAll;
  if (options.types === undefined) return statements.readAll.all(after, limit).map(toStoredEvent);
  const types = [...new Set(options.types)];
  if (types.length === 0) return [];
  if (types.length > typeFilterSizeMax) throw new RangeError(`at most ${typeFilterSizeMax} types in a filter`);
  const parameters = types.flatMap((type) => [type, after, limit]);
  return statements.readAllOfTypes(types.length).all(...parameters, limit).map(toStoredEvent);
};

export const openSqliteEventStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  const readOnly = options.readOnly ?? false;
  const database = openDatabase(options.path, options.busyTimeoutMs ?? busyTimeoutMsDefault, readOnly);
  const statements = prepareStatements(database);
  const appended = appendSignal();
  const writer = createAppendWriter(database, statements, options.clock ?? systemClock);
  const groupCommit = createGroupCommit(
    writer,
    (group) => {
      if (group.events > 0) appended.notify();
      options.onGroupCommitted?.(group);
    },
    options.groupCommitLimits ?? groupCommitLimitsDefault,
  );
  const subscriptions = new Set<Subscription>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const reading = <T>(doing: string, read: () => T): Promise<T> => {
    if (closed) return Promise.reject(translateSqliteError(new Error('the store is closed'), doing));
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error instanceof RangeError ? error : translateSqliteError(error, doing));
    }
  };

  const readAll: EventStore['readAll'] = (readOptions) => reading('readAll', () => readAllPage(statements, readOptions));

  return {
    database,
    append: async (streamId, events, expected) => {
      if (readOnly) throw new StoreUnavailableError('sqlite event store: this connection is read-only');
      if (events.length > appendBatchSizeMax) throw new RangeError(`at most ${appendBatchSizeMax} events per append`);
      return groupCommit.enqueue({ streamId, streamIdJson: canonicalJson(streamId), expected, events: events.map(encodeEvent) });
    },
    readStream: (streamId, readOptions = {}) =>
      reading(`readStream ${streamId}`, () => {
        const limit = pageLimit(readOptions.limit);
        const fromRevision = readOptions.fromRevision ?? 0;
        if (writer.knownToEndBefore(streamId, fromRevision)) return [];
        return statements.readStream.all(streamId, fromRevision, limit).map(toStoredEvent);
      }),
    readAll,
    subscribe: (subscribeOptions, handler) => {
      const external = options.wakeSource;
      const wakeSource: WakeSource = external === undefined ? appended.wakeSource : (listener) => {
        const local = appended.wakeSource(listener);
        const remote = external(listener);
        return () => {
          local();
          remote();
        };
      };
      const subscription = catchUpSubscription(
        readAll,
        wakeSource,
        subscribeOptions,
        handler,
        options.pollIntervalMs,
      );
      subscriptions.add(subscription);
      void subscription.done.then(() => subscriptions.delete(subscription));
      return subscription;
    },
    headPosition: () => reading('headPosition', () => BigInt(statements.headPosition.get() ?? 0)),
    // Writes what is queued, stops the subscriptions (after their current batch), then closes.
    close: () => {
      closing ??= (async () => {
        groupCommit.drainAndStop();
        await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
        closed = true;
        appended.clear();
        database.close();
      })();
      return closing;
    },
  };
};
