// The SQLite tables of the balance index, in the event store's database (prefix projection_balance_),
// and their statements. Amounts are INTEGER minor units, read back as bigint (safeIntegers): SQLite
// adds them exactly and fails loudly ("integer overflow") past 2^63 - 1 minor units per sum.
import type { Database, Statement } from 'better-sqlite3';
import type { Point, Sums } from './balance-points.ts';
import type { ChunkRange } from './recorded-chunks.ts';

const schema = `
  CREATE TABLE IF NOT EXISTS projection_balance_parameters (
    id INTEGER PRIMARY KEY CHECK (id = 1), leaf_points_max INTEGER NOT NULL, chunk_points_max INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS projection_balance_accounts (
    account_key INTEGER PRIMARY KEY, account_id TEXT NOT NULL UNIQUE, currency TEXT NOT NULL,
    point_count INTEGER NOT NULL, max_recorded_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS projection_balance_charges (
    account_key INTEGER NOT NULL, charge_id TEXT NOT NULL, occurred_ms INTEGER NOT NULL, recorded_ms INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL, PRIMARY KEY (account_key, charge_id)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_balance_points (
    account_key INTEGER NOT NULL, seq INTEGER NOT NULL, occurred_ms INTEGER NOT NULL, recorded_ms INTEGER NOT NULL,
    ledger INTEGER NOT NULL, corrected INTEGER NOT NULL, PRIMARY KEY (account_key, seq)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS projection_balance_points_by_occurred
    ON projection_balance_points (account_key, occurred_ms, ledger, corrected);
  CREATE TABLE IF NOT EXISTS projection_balance_nodes (
    account_key INTEGER NOT NULL, level INTEGER NOT NULL, idx INTEGER NOT NULL, count INTEGER NOT NULL,
    ledger INTEGER NOT NULL, corrected INTEGER NOT NULL, PRIMARY KEY (account_key, level, idx)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_balance_chunks (
    account_key INTEGER NOT NULL, chunk INTEGER NOT NULL, min_recorded_ms INTEGER NOT NULL,
    max_recorded_ms INTEGER NOT NULL, PRIMARY KEY (account_key, chunk)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_balance_running (
    account_key INTEGER NOT NULL, chunk INTEGER NOT NULL, occurred_ms INTEGER NOT NULL, count INTEGER NOT NULL,
    ledger INTEGER NOT NULL, corrected INTEGER NOT NULL, PRIMARY KEY (account_key, chunk, occurred_ms)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS projection_balance_bulk (id INTEGER PRIMARY KEY CHECK (id = 1));
  CREATE TABLE IF NOT EXISTS projection_balance_bulk_pass (id INTEGER PRIMARY KEY CHECK (id = 1), pass TEXT NOT NULL);`;

// The index a bulk rebuild drops while it inserts points and creates again (one sort) at the end.
export const pointsByOccurredIndex = 'projection_balance_points_by_occurred';
export const createBalanceSchema = (database: Database): void => void database.exec(schema);

export const balanceTables = [
  'projection_balance_accounts', 'projection_balance_charges', 'projection_balance_points',
  'projection_balance_nodes', 'projection_balance_chunks', 'projection_balance_running', 'projection_balance_bulk',
  'projection_balance_bulk_pass',
] as const;

type SumsRow = { count: bigint; ledger: bigint; corrected: bigint };
export const sumsOfRow = (row: SumsRow): Sums => ({ count: Number(row.count), ledger: row.ledger, corrected: row.corrected });
type PointRow = { occurred_ms: bigint; recorded_ms: bigint; ledger: bigint; corrected: bigint };
export const pointOfRow = (row: PointRow): Point => ({
  occurredMs: Number(row.occurred_ms), recordedMs: Number(row.recorded_ms), ledger: row.ledger, corrected: row.corrected,
});
type ChunkRow = { chunk: bigint; min_recorded_ms: bigint; max_recorded_ms: bigint };
export const chunkOfRow = (row: ChunkRow): ChunkRange => ({
  chunk: Number(row.chunk), minRecordedMs: Number(row.min_recorded_ms), maxRecordedMs: Number(row.max_recorded_ms),
});
export type AccountRow = { account_key: bigint; currency: string; point_count: bigint; max_recorded_ms: bigint };
export type ChargeRow = { occurred_ms: bigint; recorded_ms: bigint; amount_minor: bigint };

// A read-only connection (the API's, beside the runner's) creates nothing: the runner has.
export const prepareBalanceStatements = (database: Database) => {
  if (!database.readonly) createBalanceSchema(database);
  const big = <S extends { safeIntegers: (toggle?: boolean) => S }>(statement: S): S => statement.safeIntegers(true);
  return {
    parameters: big(database.prepare<[], { leaf_points_max: bigint; chunk_points_max: bigint }>(
      'SELECT leaf_points_max, chunk_points_max FROM projection_balance_parameters WHERE id = 1')),
    saveParameters: database.prepare<[number, number]>(
      'INSERT INTO projection_balance_parameters (id, leaf_points_max, chunk_points_max) VALUES (1, ?, ?)'),
    account: big(database.prepare<[string], AccountRow>(
      'SELECT account_key, currency, point_count, max_recorded_ms FROM projection_balance_accounts WHERE account_id = ?')),
    insertAccount: database.prepare<[string, string]>(
      'INSERT INTO projection_balance_accounts (account_id, currency, point_count, max_recorded_ms) VALUES (?, ?, 0, 0)'),
    updateAccount: database.prepare<[number, number, bigint]>(
      'UPDATE projection_balance_accounts SET point_count = ?, max_recorded_ms = ? WHERE account_key = ?'),
    charge: big(database.prepare<[bigint, string], ChargeRow>(
      'SELECT occurred_ms, recorded_ms, amount_minor FROM projection_balance_charges WHERE account_key = ? AND charge_id = ?')),
    insertCharge: database.prepare<[bigint, string, number, number, bigint]>(
      'INSERT INTO projection_balance_charges (account_key, charge_id, occurred_ms, recorded_ms, amount_minor) VALUES (?, ?, ?, ?, ?)'),
    insertPoint: database.prepare<[bigint, number, number, number, bigint, bigint]>(
      'INSERT INTO projection_balance_points (account_key, seq, occurred_ms, recorded_ms, ledger, corrected) VALUES (?, ?, ?, ?, ?, ?)'),
    pointsInSeqRange: big(database.prepare<[bigint, number, number], PointRow>(
      `SELECT occurred_ms, recorded_ms, ledger, corrected FROM projection_balance_points
       WHERE account_key = ? AND seq >= ? AND seq < ? ORDER BY seq`)),
    sumOccurred: big(database.prepare<[bigint, number, number], SumsRow>(
      `SELECT count(*) AS count, coalesce(sum(ledger), 0) AS ledger, coalesce(sum(corrected), 0) AS corrected
       FROM projection_balance_points WHERE account_key = ? AND occurred_ms BETWEEN ? AND ?`)),
    node: big(database.prepare<[bigint, number, number], SumsRow>(
      'SELECT count, ledger, corrected FROM projection_balance_nodes WHERE account_key = ? AND level = ? AND idx = ?')),
    saveNode: database.prepare<[bigint, number, number, number, bigint, bigint]>(
      `INSERT INTO projection_balance_nodes (account_key, level, idx, count, ledger, corrected) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_key, level, idx) DO UPDATE
       SET count = excluded.count, ledger = excluded.ledger, corrected = excluded.corrected`),
    chunks: big(database.prepare<[bigint], ChunkRow>(
      'SELECT chunk, min_recorded_ms, max_recorded_ms FROM projection_balance_chunks WHERE account_key = ? ORDER BY chunk')),
    insertChunk: database.prepare<[bigint, number, number, number]>(
      'INSERT INTO projection_balance_chunks (account_key, chunk, min_recorded_ms, max_recorded_ms) VALUES (?, ?, ?, ?)'),
    runningAt: big(database.prepare<[bigint, number, number], SumsRow>(
      `SELECT count, ledger, corrected FROM projection_balance_running
       WHERE account_key = ? AND chunk = ? AND occurred_ms <= ? ORDER BY occurred_ms DESC LIMIT 1`)),
    insertRunning: database.prepare<[bigint, number, number, number, bigint, bigint]>(
      `INSERT INTO projection_balance_running (account_key, chunk, occurred_ms, count, ledger, corrected)
       VALUES (?, ?, ?, ?, ?, ?)`),
    // A row while a bulk rebuild is under way (see sqlite-balance-bulk.ts).
    bulkUnderWay: database.prepare<[], number>('SELECT id FROM projection_balance_bulk WHERE id = 1').pluck(),
    markBulk: database.prepare<[]>('INSERT INTO projection_balance_bulk (id) VALUES (1)'),
    unmarkBulk: database.prepare<[]>('DELETE FROM projection_balance_bulk'),
    // Which bulk pass owns the rows being written: a second pass started meanwhile (another
    // operator's rebuild) resets the tables and writes its own id, and the first one then stops.
    bulkPass: database.prepare<[], string>('SELECT pass FROM projection_balance_bulk_pass WHERE id = 1').pluck(),
    claimBulkPass: database.prepare<[string]>('INSERT OR REPLACE INTO projection_balance_bulk_pass (id, pass) VALUES (1, ?)'),
    releaseBulkPass: database.prepare<[]>('DELETE FROM projection_balance_bulk_pass'),
    // Seals one full chunk (seqs [from, to)) of an account at once (a bulk rebuild's end): the rows
    // sealIfFull of recorded-chunks.ts writes, one per distinct millisecond with running sums.
    // One chunk per statement keeps SQLite's sort in memory (C rows), never one sort of every point.
    sealChunkRunning: database.prepare<{ account: bigint; chunk: number; from: number; to: number }>(
      `INSERT INTO projection_balance_running (account_key, chunk, occurred_ms, count, ledger, corrected)
       SELECT :account, :chunk, occurred_ms, sum(count) OVER running, sum(ledger) OVER running, sum(corrected) OVER running
       FROM (SELECT occurred_ms, count(*) AS count, sum(ledger) AS ledger, sum(corrected) AS corrected
             FROM projection_balance_points WHERE account_key = :account AND seq >= :from AND seq < :to GROUP BY occurred_ms)
       WINDOW running AS (ORDER BY occurred_ms ROWS UNBOUNDED PRECEDING)`),
    sealChunkRange: database.prepare<{ account: bigint; chunk: number; from: number; to: number }>(
      `INSERT INTO projection_balance_chunks (account_key, chunk, min_recorded_ms, max_recorded_ms)
       SELECT :account, :chunk, min(recorded_ms), max(recorded_ms)
       FROM projection_balance_points WHERE account_key = :account AND seq >= :from AND seq < :to`),
    pointCount: big(database.prepare<[bigint], bigint>(
      'SELECT point_count FROM projection_balance_accounts WHERE account_key = ?').pluck()),
    accountKeysAfter: big(database.prepare<[bigint, number], bigint>(
      'SELECT account_key FROM projection_balance_accounts WHERE account_key > ? ORDER BY account_key LIMIT ?').pluck()),
    // [occurred_ms, count, ledger, corrected] per millisecond, in occurredAt order, one page at a time.
    millisecondsAfter: big(database.prepare<[bigint, number, number], [bigint, bigint, bigint, bigint]>(
      `SELECT occurred_ms, count(*), sum(ledger), sum(corrected) FROM projection_balance_points
       WHERE account_key = ? AND occurred_ms > ? GROUP BY occurred_ms ORDER BY occurred_ms LIMIT ?`).raw(true)),
  };
};

export type BalanceStatements = ReturnType<typeof prepareBalanceStatements>;

// A bulk rebuild writes points and charges up to this many rows per INSERT statement: one statement
// run (one crossing into SQLite) per 64 rows instead of one per row.
export const bulkRowsPerInsert = 64;
const valuesOf = (columns: number, rows: number): string => Array(rows).fill(`(${Array(columns).fill('?').join(', ')})`).join(', ');

// INSERTs of 1..bulkRowsPerInsert rows, prepared when first used (at most bulkRowsPerInsert each).
const multiRowInsert = (database: Database, into: string, columns: number) => {
  const prepared = new Map<number, Statement<unknown[]>>();
  return (rows: number): Statement<unknown[]> => {
    if (rows < 1 || rows > bulkRowsPerInsert) throw new RangeError(`balance index: ${rows} rows in one INSERT`);
    const cached = prepared.get(rows);
    if (cached !== undefined) return cached;
    const statement = database.prepare<unknown[]>(`INSERT INTO ${into} VALUES ${valuesOf(columns, rows)}`);
    prepared.set(rows, statement);
    return statement;
  };
};

export const prepareBulkInserts = (database: Database) => ({
  points: multiRowInsert(database, 'projection_balance_points (account_key, seq, occurred_ms, recorded_ms, ledger, corrected)', 6),
  charges: multiRowInsert(database, 'projection_balance_charges (account_key, charge_id, occurred_ms, recorded_ms, amount_minor)', 5),
});
export type BulkInserts = ReturnType<typeof prepareBulkInserts>;
