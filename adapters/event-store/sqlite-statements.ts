// The store's SQL, prepared once per connection, and the mapping from a row to a StoredEvent.
import type { Database, Statement } from 'better-sqlite3';
import { type StoredEvent, StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { decodeEventMetadata } from './event-metadata-codec.ts';

// Rows are read as arrays (better-sqlite3's raw mode, about twice as fast as row objects), in
// the order of `columns`.
export type EventRow = ReadonlyArray<unknown>;

export type StreamHeadRow = Readonly<{ revision: number; hash: string }>;

// A type filter is one index range per type, so its size is bounded like everything else.
export const typeFilterSizeMax = 64;

const columns = 'position, stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash, metadata';

// Rows per multi-row INSERT: one statement run writes this many events (9 parameters each), which
// spares most of the per-run cost of better-sqlite3 (binding, stepping, resetting). Bounded so the
// statements cached per connection stay few and their parameter count far below SQLite's limit.
export const rowsPerInsertMax = 32;
const insertColumns = '(stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash, metadata)';

export const prepareStatements = (database: Database) => {
  const byTypeCount = new Map<number, Statement<unknown[], EventRow>>();
  const insertsByRowCount = new Map<number, Statement<unknown[]>>();
  const eventRows = <P extends unknown[]>(sql: string) => database.prepare<P, EventRow>(sql).raw(true);
  return {
    // INSERT of `rowCount` rows (1..rowsPerInsertMax) in one statement. Inside one transaction the
    // rows get consecutive positions, the last one being the run's lastInsertRowid.
    insertRows: (rowCount: number): Statement<unknown[]> => {
      if (!Number.isInteger(rowCount) || rowCount < 1 || rowCount > rowsPerInsertMax) {
        throw new RangeError(`sqlite event store: cannot insert ${rowCount} rows in one statement`);
      }
      const cached = insertsByRowCount.get(rowCount);
      if (cached !== undefined) return cached;
      const values = Array(rowCount).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      const statement = database.prepare<unknown[]>(`INSERT INTO events ${insertColumns} VALUES ${values}`);
      insertsByRowCount.set(rowCount, statement);
      return statement;
    },
    streamHead: database.prepare<[string], StreamHeadRow>(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    readStream: eventRows<[string, number, number]>(
      `SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readAll: eventRows<[bigint, number]>(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    headPosition: database.prepare<[], number>('SELECT coalesce(max(position), 0) FROM events').pluck(),
    lastRecordedAt: database.prepare<[], string>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck(),
    // Changes whenever another connection (another process) has committed since this one last looked.
    dataVersion: database.prepare<[], number>('PRAGMA data_version').pluck(),
    // Each type reads at most `limit` entries of the (type, position) index, so a page costs
    // O(types x limit) however rare the types are, then the union is cut to `limit` in order.
    readAllOfTypes: (typeCount: number): Statement<unknown[], EventRow> => {
      const cached = byTypeCount.get(typeCount);
      if (cached !== undefined) return cached;
      const perType =
        'SELECT position FROM (SELECT position FROM events WHERE type = ? AND position > ? ORDER BY position LIMIT ?)';
      const statement = eventRows<unknown[]>(
        `SELECT ${columns} FROM events WHERE position IN (${Array(typeCount).fill(perType).join(' UNION ALL ')})
         ORDER BY position LIMIT ?`,
      );
      byTypeCount.set(typeCount, statement);
      return statement;
    },
  };
};

export type Statements = ReturnType<typeof prepareStatements>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const corrupted = (row: EventRow, what: string): StoreCorruptedError =>
  new StoreCorruptedError(`sqlite event store: event at position ${String(row[0])} has ${what}`);

const text = (row: EventRow, index: number): string => {
  const value = row[index];
  if (typeof value !== 'string') throw corrupted(row, `a non-text column ${index}`);
  return value;
};

const integer = (row: EventRow, index: number): number => {
  const value = row[index];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw corrupted(row, `a non-integer column ${index}`);
  return value;
};

export const parseData = (row: EventRow): Record<string, unknown> => {
  const data: unknown = JSON.parse(text(row, 4));
  if (!isRecord(data)) throw corrupted(row, 'data that is not a JSON object');
  return data;
};

// NULL for an event of schema version 1 (no metadata, hash template v1).
const parseMetadata = (row: EventRow): StoredEvent['metadata'] => {
  const value = row[9];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw corrupted(row, 'metadata that is not text');
  const decoded = decodeEventMetadata(JSON.parse(value));
  if (decoded === undefined) throw corrupted(row, 'metadata that does not decode');
  return decoded;
};

export const toStoredEvent = (row: EventRow): StoredEvent => {
  const event: StoredEvent = {
    streamId: text(row, 1),
    revision: integer(row, 2),
    position: BigInt(integer(row, 0)),
    type: text(row, 3),
    data: parseData(row),
    occurredAt: text(row, 5),
    recordedAt: text(row, 6),
    hash: text(row, 7),
    previousHash: text(row, 8),
  };
  const metadata = parseMetadata(row);
  return metadata === undefined ? event : { ...event, metadata };
};
