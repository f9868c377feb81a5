// The raw better-sqlite3 baseline of the append bench: the SAME rows the store wrote (read back
// from its file), into a table made from the SAME schema (the store's own DDL, copied), with the
// same pragmas, one prepared INSERT, in transactions of exactly the sizes the store committed.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { eventHashOf } from '../adapters/event-store/sqlite-event-hash.ts';

type Row = ReadonlyArray<unknown>;
const isRow = (value: unknown): value is Row => Array.isArray(value);
const columns = 'stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash';

// Rows of the store's file after a position, in position order, as the raw INSERT takes them.
export const rowsAfter = (store: Database.Database, after: bigint): ReadonlyArray<Row> =>
  store.prepare(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position`).raw().all(after).filter(isRow);

// A row as a hash-chaining writer receives it: the data as an object, to be serialized.
type UnencodedRow = Readonly<{ row: Row; data: unknown }>;

const textAt = (row: Row, index: number): string => {
  const value = row[index];
  if (typeof value !== 'string') throw new Error(`raw baseline: column ${index} is not text`);
  return value;
};

// The least a writer that keeps the hash chain must do per row on top of the INSERT: serialize
// the data (JSON.stringify: the store's rows are canonical JSON, so parsing and writing them again
// gives the same text) and hash the canonical encoding. Each hash is checked against the store's.
const chained = ({ row, data }: UnencodedRow): Row => {
  const dataJson = JSON.stringify(data);
  const revision = row[1];
  if (typeof revision !== 'number') throw new Error('raw baseline: revision is not a number');
  const hash = eventHashOf({
    dataJson, occurredAtJson: JSON.stringify(textAt(row, 4)), previousHash: textAt(row, 7), recordedAt: textAt(row, 5),
    revision, streamIdJson: JSON.stringify(textAt(row, 0)), typeJson: JSON.stringify(textAt(row, 2)),
  });
  if (hash !== row[6]) throw new Error(`raw baseline: the hash chain of ${String(row[0])}@${revision} differs from the store's`);
  return [row[0], revision, row[2], dataJson, row[4], row[5], hash, row[7]];
};

export class RawTable {
  private readonly database: Database.Database;
  private readonly commit: (rows: ReadonlyArray<Row>) => void;
  private readonly commitChaining: (rows: ReadonlyArray<UnencodedRow>) => void;

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
    const chainingTransaction = this.database.transaction((rows: ReadonlyArray<UnencodedRow>) => {
      for (const row of rows) insert.run(chained(row));
    });
    this.commitChaining = (rows) => chainingTransaction.immediate(rows);
    this.commit(setup);
  }

  // The same as replay, but as a writer keeping the hash chain: each row's data arrives as an
  // object and is serialized and hashed inside the timed loop.
  replayChaining(rows: ReadonlyArray<Row>, groupSizes: ReadonlyArray<number>): number {
    const unencoded = rows.map((row): UnencodedRow => ({ row, data: JSON.parse(textAt(row, 3)) }));
    return this.timeGroups(unencoded, groupSizes, this.commitChaining);
  }

  // Writes `rows` in transactions of `groupSizes` rows each; returns the milliseconds it took.
  replay(rows: ReadonlyArray<Row>, groupSizes: ReadonlyArray<number>): number {
    return this.timeGroups(rows, groupSizes, this.commit);
  }

  private timeGroups<R>(rows: ReadonlyArray<R>, groupSizes: ReadonlyArray<number>, commit: (group: ReadonlyArray<R>) => void): number {
    const total = groupSizes.reduce((sum, size) => sum + size, 0);
    if (total !== rows.length) throw new Error(`raw baseline: groups hold ${total} rows, the store wrote ${rows.length}`);
    const groups: R[][] = [];
    let offset = 0;
    for (const size of groupSizes) {
      groups.push(rows.slice(offset, offset + size));
      offset += size;
    }
    const start = performance.now();
    for (const group of groups) commit(group);
    return performance.now() - start;
  }

  close(): void {
    this.database.close();
  }
}
