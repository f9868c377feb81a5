// The fraud detector's snapshot in the read models' SQLite file: one row, replaced whole, written
// in the runner's batch transaction with the alerts that state raised (sqlite-fraud-detector.ts),
// so a snapshot never runs ahead of the alert journal nor of the projection's checkpoint.
import type { Database } from 'better-sqlite3';
import type { DetectorSnapshot } from './detector-snapshot.ts';

export type DetectorSnapshots = Readonly<{
  // The stored snapshot, undefined when there is none; throws on a row of the wrong shape.
  load: () => DetectorSnapshot | undefined;
  save: (snapshot: DetectorSnapshot) => void;
  clear: () => void;
}>;

type Row = Readonly<{ version: unknown; rules: unknown; checkpoint: unknown; state: unknown }>;

const checkedRow = (row: Row): DetectorSnapshot => {
  const { version, rules, checkpoint, state } = row;
  if (typeof version !== 'bigint' || version > BigInt(Number.MAX_SAFE_INTEGER) || version < 0n) {
    throw new Error('fraud detector snapshot: the version column is not a version number');
  }
  if (typeof rules !== 'string') throw new Error('fraud detector snapshot: the rules column is not text');
  if (typeof checkpoint !== 'bigint' || checkpoint < 0n) throw new Error('fraud detector snapshot: the checkpoint column is not a position');
  if (typeof state !== 'string') throw new Error('fraud detector snapshot: the state column is not text');
  return { version: Number(version), rules, checkpoint, state };
};

export const createSqliteDetectorSnapshots = (database: Database): DetectorSnapshots => {
  if (!database.readonly) database.exec(
    'CREATE TABLE IF NOT EXISTS projection_fraud_detector (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER, rules TEXT, checkpoint INTEGER, state TEXT)',
  );
  const select = database
    .prepare<[], Row>('SELECT version, rules, checkpoint, state FROM projection_fraud_detector WHERE id = 1')
    .safeIntegers(true);
  const upsert = database.prepare<[number, string, bigint, string]>(
    'INSERT INTO projection_fraud_detector (id, version, rules, checkpoint, state) VALUES (1, ?, ?, ?, ?) '
      + 'ON CONFLICT (id) DO UPDATE SET version = excluded.version, rules = excluded.rules, checkpoint = excluded.checkpoint, state = excluded.state',
  );
  return {
    load: () => {
      const row = select.get();
      return row === undefined ? undefined : checkedRow(row);
    },
    save: (snapshot) => {
      upsert.run(snapshot.version, snapshot.rules, snapshot.checkpoint, snapshot.state);
    },
    clear: () => {
      database.exec('DELETE FROM projection_fraud_detector');
    },
  };
};
