// The raw better-sqlite3 baseline of the append bench: the SAME rows the store wrote (read back
// from its file), into a table made from the SAME schema (the store's own DDL, copied), with the
// same pragmas, one prepared INSERT, in transactions of exactly the sizes the store committed.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

type Row = ReadonlyArray<unknown>;
const isRow = (value: unknown): value is Row => Array.isArray(value);
const columns = 'stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash';

// Rows of the store's file after a position, in position order, as the raw INSERT takes them.
export const rowsAfter = (store: Database.Database, after: bigint): ReadonlyArray<Row> =>
  store.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position`).raw().all(after).filter(isRow);

export class RawTable {
  private readonly database: Database.Database;
  private readonly commit: (rows: ReadonlyArray<Row>) => void;

  // Copies the store's schema and its rows up to `setupUpTo`, so both tables start out equal.
  constructor(path: string, store: Database.Database, setupUpTo: bigint) {
    const schema = store
      .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
      .pluck()
      .all()
      .map(String);
    const setup = store.prepare(`SELECT ${columns} FROM events WHERE position <= ? ORDER BY position`).raw().all(setupUpTo).filter(isRow);
    this.database = new Database(path, { timeout: 5_000 });
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('synchronous = FULL');
    this.database.pragma('busy_timeout = 5000');
    this.database.pragma('foreign_keys = ON');
    for (const statement of schema) this.database.exec(statement);
    const insert = this.database.prepare(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const transaction = this.database.transaction((rows: ReadonlyArray<Row>) => {
      for (const row of rows) insert.run(row);
    });
    this.commit = (rows) => transaction.immediate(rows);
    this.commit(setup);
  }

  // Writes `rows` in transactions of `groupSizes` rows each; returns the milliseconds it took.
  replay(rows: ReadonlyArray<Row>, groupSizes: ReadonlyArray<number>): number {
    const total = groupSizes.reduce((sum, size) => sum + size, 0);
    if (total !== rows.length) throw new Error(`raw baseline: groups hold ${total} rows, the store wrote ${rows.length}`);
    const groups: Row[][] = [];
    let offset = 0;
    for (const size of groupSizes) {
      groups.push(rows.slice(offset, offset + size));
      offset += size;
    }
    const start = performance.now();
    for (const group of groups) this.commit(group);
    return performance.now() - start;
  }

  close(): void {
    this.database.close();
  }
}
