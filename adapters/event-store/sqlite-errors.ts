// better-sqlite3 throws SqliteError with SQLite's extended result code; the port speaks only its
// own tagged errors, so every vendor error is translated here, in one place.
import { StoreCorruptedError, StoreUnavailableError } from '../../domain/ports/event-store.ts';

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
};

export const isUniqueViolation = (error: unknown): boolean =>
  codeOf(error) === 'SQLITE_CONSTRAINT_UNIQUE' || codeOf(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY';

export const isCorruption = (error: unknown): boolean => {
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};

export const translateSqliteError = (error: unknown, doing: string): StoreCorruptedError | StoreUnavailableError => {
  if (error instanceof StoreCorruptedError || error instanceof StoreUnavailableError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const message = `sqlite event store: ${doing} failed${code === undefined ? '' : ` (${code})`}: ${detail}`;
  return isCorruption(error)
    ? new StoreCorruptedError(message, { cause: error })
    : new StoreUnavailableError(message, { cause: error });
};
