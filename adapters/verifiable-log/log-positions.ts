// Where each leaf of the log sits in the store: logIndex → global position. On SQLite and memory
// the two are the same number less one; EventStoreDB's $all positions are sparse commit positions,
// so there the log numbers the ledger's events in $all order itself and keeps this mapping, in
// the instance's log file (log-file.ts) beside the nodes. It is derived ($all is one order for
// every instance, the leader's), so a lost file is rebuilt by reading $all again.
import type { Database } from 'better-sqlite3';
import type { GlobalPosition } from '../../domain/ports/event-store.ts';

export type LogPositions = Readonly<{
  positionOf: (logIndex: number) => GlobalPosition | undefined;
  logIndexOf: (position: GlobalPosition) => number | undefined;
  // Records the positions of the leaves from `firstLogIndex` on, in one transaction. The first
  // record of a leaf stands: the numbering of an immutable $all never changes.
  record: (firstLogIndex: number, positions: ReadonlyArray<GlobalPosition>) => void;
}>;

export const createSqliteLogPositions = (database: Database): LogPositions => {
  database.exec(`
    CREATE TABLE IF NOT EXISTS log_positions (log_index INTEGER PRIMARY KEY, position INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS log_positions_by_position ON log_positions (position);`);
  const positionOf = database.prepare<[number], bigint>('SELECT position FROM log_positions WHERE log_index = ?').pluck().safeIntegers(true);
  const logIndexOf = database.prepare<[bigint], bigint>('SELECT log_index FROM log_positions WHERE position = ?').pluck().safeIntegers(true);
  const insert = database.prepare<[number, bigint]>('INSERT OR IGNORE INTO log_positions (log_index, position) VALUES (?, ?)');
  const record = database.transaction((firstLogIndex: number, positions: ReadonlyArray<GlobalPosition>) => {
    positions.forEach((position, offset) => insert.run(firstLogIndex + offset, position));
  });
  return {
    positionOf: (logIndex) => positionOf.get(logIndex),
    logIndexOf: (position) => {
      const found = logIndexOf.get(position);
      return found === undefined ? undefined : Number(found);
    },
    record: (firstLogIndex, positions) => {
      if (positions.length > 0) record.immediate(firstLogIndex, positions);
    },
  };
};
