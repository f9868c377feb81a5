// Where a bulk rebuild of the SQLite balance index gets the fields it reads (BalanceFields of
// sqlite-balance-bulk-writer.ts) from:
// - prepareEventsTableRows: straight from the SQLite event store's `events` table when the index lives in
//   that very database (the store's own file): only the columns and data fields the index reads,
//   extracted by SQLite (json_extract), no StoredEvent objects, no JSON.parse of whole events;
// - storedEventFields: from a StoredEvent, for any other store (the port's generic path).
// Both give every field the same value (or, for a nested object or array, values that every
// decoder refuses alike).
import type { Database } from 'better-sqlite3';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import type { EventStore, StoredEvent } from '../../domain/ports/event-store.ts';
import { balanceEventTypes } from './bitemporal-balance.ts';
import type { BalanceFields } from './sqlite-balance-bulk-writer.ts';

// A SQLite store's connection, whose `events` table a bulk pass can read directly (the store's own
// database, or a read-only connection to it beside a read file); undefined for any other store.
export const eventsDatabaseOf = (store: EventStore): Database | undefined => {
  if (!('database' in store)) return undefined;
  const database: unknown = store.database;
  return isDatabase(database) ? database : undefined;
};
const isDatabase = (value: unknown): value is Database =>
  typeof value === 'object' && value !== null && 'prepare' in value && typeof value.prepare === 'function' && 'open' in value;

const balanceTypesSql = `(${balanceEventTypes.map((type) => `'${type}'`).join(', ')})`;

// SQLite's json_extract with several paths answers a JSON array, ["acc-1","2024-...Z","12.50","USD",null]:
// one JSON parse of the data per row (five ->> cost a third more). Read back here: when the text
// holds no backslash (no escape) its strings and nulls are read directly, exactly what JSON.parse
// gives; anything else (escapes, numbers, objects, ...) goes through JSON.parse.
const opening = 91;
const quote = 34;
const comma = 44;
const closing = 93;
export const fieldsOfJsonArray = (text: string): BalanceFields => {
  if (text.charCodeAt(0) !== opening || text.includes('\\')) return parsedArray(text);
  const fields: unknown[] = [];
  for (let at = 1; ;) {
    if (text.charCodeAt(at) === quote) {
      const end = text.indexOf('"', at + 1);
      if (end < 0) return parsedArray(text);
      fields.push(text.slice(at + 1, end));
      at = end + 1;
    } else if (text.startsWith('null', at)) {
      fields.push(null);
      at += 4;
    } else {
      return parsedArray(text);
    }
    const next = text.charCodeAt(at);
    if (next === closing && at === text.length - 1) return fields;
    if (next !== comma) return parsedArray(text);
    at += 1;
  }
};
const parsedArray = (text: string): BalanceFields => {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error(`balance index: json_extract answered ${text}`);
  return parsed;
};

// json_valid: SQLite's JSON functions also read JSON5, which JSON.parse (the port) refuses.
// `+type`: keeps SQLite on the position range (one pass in order); through the (type, position)
// index it would gather every row of the range by type and sort them, for every page.
export const prepareEventsTableRows = (database: Database) => {
  const page = database.prepare<[number, number, number], [number, string, unknown, string, number]>(
    `SELECT position, type, recorded_at, json_extract(data, '$.accountId', '$.occurredAt', '$.amount.amount',
              CASE type WHEN 'AccountOpened' THEN '$.currency' ELSE '$.amount.currency' END, '$.chargeId'), json_valid(data)
     FROM events WHERE position > ? AND position <= ? AND +type IN ${balanceTypesSql} ORDER BY position LIMIT ?`,
  ).raw(true);
  const place = database.prepare<[number], [unknown, unknown]>('SELECT stream_id, revision FROM events WHERE position = ?').raw(true);
  return {
    // At most rowsMax balance rows after `after`, up to `through`, in position order:
    // [position, type, recorded_at, the fields as a JSON array, json_valid(data)].
    page: (after: number, through: number, rowsMax: number) => page.all(after, through, rowsMax),
    describe: (position: number): string => {
      const [streamId, revision] = place.get(position) ?? ['?', '?'];
      return `${String(streamId)}@${String(revision)} (position ${position})`;
    },
  };
};

export const assertJson = (position: number, valid: number): void => {
  if (valid !== 1) throw new StoreCorruptedError(`sqlite event store: event at position ${position} has data that is not JSON`);
};

// A plain object's own field (what t.type reads of data.amount), else undefined.
const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.getOwnPropertyDescriptor(value, key)?.value : undefined;

export const storedEventFields = (event: StoredEvent): BalanceFields => {
  const data = event.data;
  const amount = data.amount;
  return [
    data.accountId, data.occurredAt, field(amount, 'amount'), event.type === 'AccountOpened' ? data.currency : field(amount, 'currency'),
    data.chargeId,
  ];
};
