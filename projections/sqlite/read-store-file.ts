// The read models' own SQLite file (LEDGER_READ_STORE), apart from the event log: written only by
// the projection runner, read by the API over a read-only connection. Derived data takes cheaper
// durability than the log (synchronous=NORMAL in WAL: a power loss may take back the last commits,
// never leave a torn one), and since every batch commits its rows and its checkpoint together, a
// lost commit only moves the checkpoint back with its rows: the runner applies those events again.
// A file that is not a SQLite database, or is truncated, is not trusted: it is deleted and built
// again from the event store (losing it costs only a rebuild), and the log says so.
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { checkFileAfterOpen, checkFileBeforeOpen, ensureDirectoryOf } from '../../adapters/event-store/sqlite-database-file.ts';

export type ReadStoreLog = (line: string) => void;

export const readStoreBusyTimeoutMs = 5_000;
// Pages the WAL may hold before SQLite copies it back into the file (its default is 1,000): a first
// build rewrites the same pages transaction after transaction, and each checkpoint copies and syncs
// them again. 10,000 pages (about 40 MiB of WAL at 4 KiB pages) cut the balance index's first build
// on 1,000,000 events from about 24 s to 20 s of CPU (loaded machine, same run).
export const readStoreWalPagesMax = 10_000;

const removeReadFile = (path: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
};

const configure = (path: string, database: Database.Database): void => {
  database.pragma(`busy_timeout = ${readStoreBusyTimeoutMs}`);
  const journalMode = database.pragma('journal_mode = WAL', { simple: true });
  if (journalMode !== 'wal') throw new Error(`read store ${path}: cannot use WAL journal mode (got ${String(journalMode)})`);
  // Never OFF: NORMAL keeps every commit whole (the checkpoint with its rows), OFF would not.
  database.pragma('synchronous = NORMAL');
  database.pragma(`wal_autocheckpoint = ${readStoreWalPagesMax}`);
  checkFileAfterOpen(path, Number(database.pragma('page_count', { simple: true })), Number(database.pragma('page_size', { simple: true })));
  // Reads the schema: a file whose pages are garbage fails here rather than at the first batch.
  database.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get();
};

const openOnce = (path: string): Database.Database => {
  checkFileBeforeOpen(path);
  const database = new Database(path, { timeout: readStoreBusyTimeoutMs });
  try {
    configure(path, database);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
};

// The runner's read-write connection; a damaged file is replaced by an empty one (logged).
export const openReadStoreFile = (path: string, log: ReadStoreLog): Database.Database => {
  ensureDirectoryOf(path);
  if (!existsSync(path)) log(`read store ${path}: missing; building the read models from the event store`);
  try {
    return openOnce(path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    log(`read store ${path}: not trusted (${why}); deleting it and rebuilding the read models from the event store`);
    removeReadFile(path);
    return openOnce(path);
  }
};

// The API's connection: it never writes, so it never races the runner for the write lock.
export const openReadStoreReadOnly = (path: string): Database.Database => {
  const database = new Database(path, { readonly: true, fileMustExist: true, timeout: readStoreBusyTimeoutMs });
  database.pragma(`busy_timeout = ${readStoreBusyTimeoutMs}`);
  return database;
};
