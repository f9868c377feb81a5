// What the log reads of the store: each event's position and stored hash, in global order. Through
// the port (readAll, which parses every event's data and metadata) on any store; on SQLite straight
// from the events table's hash column, the same stored value without the parsing. The log reads
// every event once to feed its tree and the last recentWindowSize again before each signature (twice
// a second by default), so on the served ledger the parsing was a tenth of the event loop's time.
import type { Database } from 'better-sqlite3';
import { type EventStore, StoreCorruptedError, pageLimit } from '../../domain/ports/event-store.ts';

export type EventHash = Readonly<{ position: bigint; hash: string }>;

// At most pageLimit(limit) events after the position, in order.
export type EventHashReader = (after: bigint, limit: number) => Promise<ReadonlyArray<EventHash>>;

export const eventHashesThroughPort = (store: EventStore): EventHashReader => (after, limit) => store.readAll({ after, limit });

export const sqliteEventHashes = (database: Database): EventHashReader => {
  const statement = database.prepare<[bigint, number], unknown[]>('SELECT position, hash FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
  return async (after, limit) =>
    statement.all(after, pageLimit(limit)).map(([position, hash]) => {
      if (typeof position !== 'number' || !Number.isSafeInteger(position) || typeof hash !== 'string') {
        throw new StoreCorruptedError(`verifiable log: the event at position ${String(position)} has no readable hash`);
      }
      return { position: BigInt(position), hash };
    });
};
