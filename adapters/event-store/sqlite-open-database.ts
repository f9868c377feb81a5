// Opens the database file for the event store: creates its directory, refuses a file that is not
// SQLite or is truncated (StoreCorruptedError, never a silently empty ledger), sets the pragmas,
// migrates the schema and reads the newest event once, so a damaged file fails here, at open.
import Database from 'better-sqlite3';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { checkFileAfterOpen, checkFileBeforeOpen, ensureDirectoryOf } from './sqlite-database-file.ts';
import { translateSqliteError } from './sqlite-errors.ts';
import { applyPragmas, assertSchemaCurrent, migrate } from './sqlite-schema.ts';

// readOnly: a reader beside the writer (the read side's worker or `project` process): the file
// must exist already, is never migrated, and the connection cannot write.
export const openDatabase = (path: string, busyTimeoutMs: number, readOnly = false): Database.Database => {
  if (!readOnly) ensureDirectoryOf(path);
  checkFileBeforeOpen(path);
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { timeout: busyTimeoutMs, fileMustExist: readOnly, readonly: readOnly });
    if (readOnly) database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    else applyPragmas(database, busyTimeoutMs);
    checkFileAfterOpen(
      path,
      Number(database.pragma('page_count', { simple: true })),
      Number(database.pragma('page_size', { simple: true })),
    );
    if (readOnly) assertSchemaCurrent(database, path);
    else migrate(database, path);
    const newest = database.prepare('SELECT position, stream_id, revision, data FROM events ORDER BY position DESC LIMIT 1');
    const row: unknown = newest.get();
    if (row !== undefined && (typeof row !== 'object' || row === null || !('position' in row))) {
      throw new StoreCorruptedError(`sqlite event store: ${path}: the newest event cannot be read`);
    }
    return database;
  } catch (error) {
    database?.close();
    throw translateSqliteError(error, `opening ${path}`);
  }
};
