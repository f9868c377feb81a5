// What two builds of the SQLite balance index must agree on: every row of every table, in key
// order, and the schema; and a way to put test histories straight into a store's events table.
import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import type { SqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { balanceTables } from '../../../projections/balance/sqlite-balance-statements.ts';

export const balanceRowsOf = (database: Database) => ({
  ...Object.fromEntries(balanceTables.map((table) => {
    const order = table.startsWith('projection_balance_bulk') ? '1' : '1, 2, 3';
    return [table, database.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).safeIntegers(true).all()];
  })),
  schema: database.prepare("SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'projection_balance%' ORDER BY name").all(),
});

// The events as rows at their own positions (hashes are placeholders: nothing here audits them).
export const insertEventRows = (
  store: SqliteEventStore, events: ReadonlyArray<StoredEvent>, dataText = (event: StoredEvent) => JSON.stringify(event.data),
): void => {
  const insert = store.database.prepare(
    `INSERT INTO events (position, stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  store.database.transaction(() => {
    for (const event of events) {
      insert.run(event.position, event.streamId, event.revision, event.type, dataText(event), event.occurredAt, event.recordedAt, 'h', 'p');
    }
  })();
};
