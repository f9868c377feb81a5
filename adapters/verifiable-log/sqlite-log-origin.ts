// The origin line a SQLite store's log signs under, kept in the store's file beside its
// checkpoints: a log is its origin, so a store whose history was replaced (`restore
// --new-log-origin`) must never again sign under the old one, whatever LEDGER_LOG_ORIGIN says.
// Stores signed before this table existed have their origin in their newest checkpoint's note.
import type { Database } from 'better-sqlite3';
import { parseCheckpointText } from './checkpoint.ts';
import type { SignedCheckpoint } from './checkpoint-table.ts';
import { parseSignedNote } from './signed-note.ts';

// What a store file says of its log, read without writing (a file older than the log has no tables).
export type LogRecord = Readonly<{ origin: string | undefined; newest: SignedCheckpoint | undefined }>;

type CheckpointRow = { tree_size: number; root_hash: Buffer; note: string; signed_at: string };

const hasTable = (database: Database, name: string): boolean =>
  database.prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) === 1;

export const noteOrigin = (note: string): string | undefined => {
  const text = parseSignedNote(note)?.text;
  return text === undefined ? undefined : parseCheckpointText(text)?.origin;
};

export const readLogRecord = (database: Database): LogRecord => {
  const row = hasTable(database, 'log_checkpoints')
    ? database.prepare<[], CheckpointRow>('SELECT * FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1').get()
    : undefined;
  const recorded = hasTable(database, 'log_origin')
    ? database.prepare<[], string>('SELECT origin FROM log_origin WHERE id = 1').pluck().get()
    : undefined;
  const newest = row === undefined ? undefined : { treeSize: row.tree_size, rootHash: row.root_hash, note: row.note, signedAt: row.signed_at };
  return { origin: recorded ?? (newest === undefined ? undefined : noteOrigin(newest.note)), newest };
};

export type SqliteLogOrigin = Readonly<{
  // The origin recorded, else the one of the newest signed checkpoint, else undefined (a new log).
  current: () => string | undefined;
  // Records the origin of a log that has none yet (the first is kept).
  record: (origin: string) => void;
  // A new log over the same events: the old origin's checkpoints leave this file (the evidence
  // stays in the copies that hold them) and the new origin is recorded, in one transaction.
  startNew: (origin: string) => void;
}>;

export const createSqliteLogOrigin = (database: Database): SqliteLogOrigin => {
  database.exec(`
    CREATE TABLE IF NOT EXISTS log_origin (id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS log_checkpoints (
      tree_size INTEGER PRIMARY KEY, root_hash BLOB NOT NULL, note TEXT NOT NULL, signed_at TEXT NOT NULL);`);
  const insert = database.prepare<[string]>('INSERT OR IGNORE INTO log_origin (id, origin) VALUES (1, ?)');
  const replace = database.prepare<[string]>('INSERT OR REPLACE INTO log_origin (id, origin) VALUES (1, ?)');
  const dropCheckpoints = database.prepare('DELETE FROM log_checkpoints');
  const startNew = database.transaction((origin: string) => {
    dropCheckpoints.run();
    replace.run(origin);
  });
  return {
    current: () => readLogRecord(database).origin,
    record: (origin) => {
      insert.run(origin);
    },
    startNew: (origin) => startNew.immediate(origin),
  };
};
