// The read models' file as the CLI finds it: --read-store, else LEDGER_READ_STORE, else beside the
// store (as the server does: adapters/app/read-side-config.ts); and opened the way the runner
// opens it (checked, adopted by this ledger, rebuilt when not trusted).
import type { Database } from 'better-sqlite3';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { StoreLocation } from '../event-store/open-event-store.ts';
import { readSideConfigFrom } from '../app/read-side-config.ts';
import { openReadStoreFile } from '../../projections/sqlite/read-store-file.ts';
import { adoptLedger } from '../../projections/sqlite/read-store-identity.ts';
import { usageFailure } from './cli-failure.ts';

export const readStoreOptionFlags = '--read-store <file>';
export const readStoreOptionHelp = 'the read models\' file (default: LEDGER_READ_STORE, else beside the store: ledger.db → ledger.read.db)';

// undefined: a memory store, whose read models live only in memory.
export const readPathFor = (location: StoreLocation, readStore: string | undefined): string | undefined => {
  const env = readStore === undefined ? process.env : { ...process.env, LEDGER_READ_STORE: readStore };
  const config = readSideConfigFrom(env, location);
  if (isLeft(config)) throw usageFailure(config.left);
  return config.right.readPath;
};

export const logToStderr = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// log: what the file's checks say (missing, not trusted, adopted), on stderr unless told.
export const withReadFile = async <T>(
  store: EventStore, readPath: string, work: (database: Database) => Promise<T>, log: (line: string) => void = logToStderr,
): Promise<T> => {
  const database = openReadStoreFile(readPath, log);
  try {
    await adoptLedger(database, store, readPath, log);
    return await work(database);
  } finally {
    database.close();
  }
};
