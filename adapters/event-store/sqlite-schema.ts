// Connection settings and the schema of the SQLite event store, with its version in
// PRAGMA user_version so that later versions can migrate a file forwards. user_version belongs to
// the event store: tables other code keeps in the same database must not use it.
import type { Database } from 'better-sqlite3';
import { StoreCorruptedError, StoreUnavailableError } from '../../domain/ports/event-store.ts';

export const busyTimeoutMsDefault = 5_000;

export const applyPragmas = (database: Database, busyTimeoutMs: number): void => {
  const journalMode = database.pragma('journal_mode = WAL', { simple: true });
  if (journalMode !== 'wal') {
    throw new StoreUnavailableError(`sqlite event store: cannot use WAL journal mode (got ${String(journalMode)})`);
  }
  // Set explicitly: better-sqlite3 is built with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, i.e. NORMAL in
  // WAL mode, which does not fsync the log at each commit, so a power loss can take back commits
  // the store has already acknowledged. FULL syncs the log before every commit returns.
  database.pragma('synchronous = FULL');
  if (database.pragma('synchronous', { simple: true }) !== 2) {
    throw new StoreUnavailableError('sqlite event store: synchronous=FULL did not take effect');
  }
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  database.pragma('foreign_keys = ON');
};

// Each entry migrates from version `index` to `index + 1`; never edit one that has shipped.
const migrations: ReadonlyArray<string> = [
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     revision INTEGER NOT NULL CHECK (revision >= 0),
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     occurred_at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     hash TEXT NOT NULL,
     previous_hash TEXT NOT NULL,
     UNIQUE (stream_id, revision)
   );
   CREATE INDEX events_by_type ON events (type, position);`,
  // Version 2: who caused each event, as canonical JSON (docs/event-hash.md). NULL on the events of
  // version 1, which keep their v1 hashes; a file opened by this code is upgraded in place.
  'ALTER TABLE events ADD COLUMN metadata TEXT;',
];

export const schemaVersion = migrations.length;

const tableCount = (database: Database): number =>
  Number(database.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get());

export const migrate = (database: Database, path: string): void => {
  const version = Number(database.pragma('user_version', { simple: true }));
  if (version > schemaVersion) {
    throw new StoreUnavailableError(
      `sqlite event store: ${path} has schema version ${version}, newer than this code's ${schemaVersion}`,
    );
  }
  if (version === 0 && tableCount(database) > 0) {
    throw new StoreCorruptedError(`sqlite event store: ${path} holds tables but no event store schema version`);
  }
  const upgrade = database.transaction(() => {
    for (let next = version; next < schemaVersion; next += 1) database.exec(migrations[next] ?? '');
    database.pragma(`user_version = ${schemaVersion}`);
  });
  if (version < schemaVersion) upgrade.immediate();
  const events = database.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'");
  if (Number(events.pluck().get()) !== 1) {
    throw new StoreCorruptedError(`sqlite event store: ${path} is at schema version ${version} but has no events table`);
  }
};

// For a read-only connection: the writer migrates; a reader only checks it reads the same schema.
export const assertSchemaCurrent = (database: Database, path: string): void => {
  const version = Number(database.pragma('user_version', { simple: true }));
  if (version !== schemaVersion) {
    throw new StoreUnavailableError(`sqlite event store: ${path} has schema version ${version}, this reader reads ${schemaVersion}`);
  }
};
