// One server per SQLite file. Two servers on one file would each run the projections, the fraud
// detector and its auto-freeze, and serialise commands per account each in its own process only.
// The lock: an exclusive transaction held for the server's whole life on a small SQLite file beside
// the store (`<store>.server-lock`). It is an operating-system file lock, so it goes with the
// process: a server killed with SIGKILL leaves the file behind, but not the lock, and the next
// server starts. The store file itself is not locked: the CLI reads it (and `projections rebuild`
// writes it) while the server runs, as documented.
import Database from 'better-sqlite3';
import { ensureDirectoryOf } from '../event-store/sqlite-database-file.ts';

export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';
}

export type ServerLock = Readonly<{ release: () => void }>;

export const serverLockPath = (storePath: string): string => `${storePath}.server-lock`;

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');

// undefined when another process (or another server of this one) holds the lock.
export const tryServerLock = (storePath: string): ServerLock | undefined => {
  // The store's directory is created when the store first opens (after this): create it here.
  ensureDirectoryOf(storePath);
  // timeout 0: a held lock answers at once; waiting would only delay the refusal.
  const database = new Database(serverLockPath(storePath), { timeout: 0 });
  try {
    database.pragma('journal_mode = DELETE');
    database.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    database.close();
    if (isBusy(error)) return undefined;
    throw error;
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      database.exec('ROLLBACK');
      database.close();
    },
  };
};

export const acquireServerLock = (storePath: string): ServerLock => {
  const lock = tryServerLock(storePath);
  if (lock === undefined) {
    throw new StoreInUseError(`${storePath} is already served by another wallet-ledger server (it holds ${serverLockPath(storePath)}); stop it first`);
  }
  return lock;
};
