// LEDGER_SQLITE_WRITER: where the SQLite store's appends are written: `thread` (a worker thread
// with its own connection runs the group commit, so the server's event loop never waits for a
// COMMIT's fsync) or `inline` (on the event loop, as before). See BENCHMARKS.md's http notes for
// the figures behind the default.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { type SqliteWriterMode, sqliteWriterModes } from '../event-store/sqlite-event-store.ts';

export const sqliteWriterVariable = 'LEDGER_SQLITE_WRITER';
export const sqliteWriterDefault: SqliteWriterMode = 'inline';

const isMode = (value: string): value is SqliteWriterMode => sqliteWriterModes.some((mode) => mode === value);

export const sqliteWriterFrom = (env: Readonly<Record<string, string | undefined>>): Either<string, SqliteWriterMode> => {
  const text = env[sqliteWriterVariable];
  if (text === undefined) return right(sqliteWriterDefault);
  return isMode(text) ? right(text) : left(`${sqliteWriterVariable} "${text.slice(0, 20)}" must be one of ${sqliteWriterModes.join(', ')}`);
};
