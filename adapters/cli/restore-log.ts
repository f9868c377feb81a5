// The signed log across a restore. Before: what the replaced store's log signed (its origin and
// newest checkpoint), read without writing to it. After the copy verified: either the replaced
// store's checkpoints are carried into the copy (every checkpoint the log signed stays servable and
// the next signature is checked against the newest), or, with --new-log-origin, the copy becomes a
// new log: the old origin's checkpoints leave it and the new origin is recorded, so a server on it
// signs under the new origin line only (adapters/app/log-setup.ts refuses the old one).
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type SigningKey, SigningKeyError, keyFileBesideStore, loadSigningKey } from '../verifiable-log/signing-key.ts';
import { type LogRecord, createSqliteLogOrigin, readLogRecord } from '../verifiable-log/sqlite-log-origin.ts';
import { createSqliteLogTables } from '../verifiable-log/sqlite-log-tables.ts';
import { usageFailure } from './cli-failure.ts';

// The store's signing key when this machine holds it, and where it came from: `configured`
// (LEDGER_SIGNING_KEY_FILE: the operator says it is the store's key) or a key generated beside the
// store, which is only a guess (the store may since have been signed under a configured key).
// undefined when neither is there (then checkpoint signatures are not checked).
export type StoreSigningKey = Readonly<{ key: SigningKey; configured: boolean; path: string }>;

export const storeSigningKey = (storePath: string, env: Readonly<Record<string, string | undefined>>): StoreSigningKey | undefined => {
  const configured = env.LEDGER_SIGNING_KEY_FILE !== undefined;
  const path = env.LEDGER_SIGNING_KEY_FILE ?? keyFileBesideStore(storePath);
  if (!configured && !existsSync(path)) return undefined;
  try {
    return { key: loadSigningKey({ kind: 'file', path }), configured, path };
  } catch (error) {
    throw usageFailure(error instanceof SigningKeyError ? error.message : String(error));
  }
};

// undefined when the store cannot be read (then only a new log origin may replace it).
export const readReplacedLog = (storePath: string): LogRecord | undefined => {
  if (!existsSync(storePath)) return { origin: undefined, newest: undefined };
  try {
    const database = new Database(storePath, { readonly: true, fileMustExist: true });
    try {
      return readLogRecord(database);
    } finally {
      database.close();
    }
  } catch {
    return undefined;
  }
};

const carryCheckpoints = (database: Database.Database, storePath: string): void => {
  createSqliteLogTables(database);
  database.prepare('ATTACH DATABASE ? AS replaced').run(storePath);
  try {
    const disagreeing = database
      .prepare<[], number>('SELECT count(*) FROM replaced.log_checkpoints AS r JOIN main.log_checkpoints AS m USING (tree_size) WHERE r.root_hash <> m.root_hash')
      .pluck().get();
    if (disagreeing !== 0) throw new Error(`the copy and ${storePath} signed different roots for ${disagreeing} tree sizes`);
    database.exec('INSERT OR IGNORE INTO main.log_checkpoints SELECT * FROM replaced.log_checkpoints');
  } finally {
    database.exec('DETACH DATABASE replaced');
  }
};

export const settleRestoredLog = (
  copyPath: string, storePath: string, replaced: LogRecord, newLogOrigin: string | undefined,
): string | undefined => {
  const database = new Database(copyPath, { fileMustExist: true });
  try {
    const origin = createSqliteLogOrigin(database);
    if (newLogOrigin !== undefined) {
      origin.startNew(newLogOrigin);
      return `the restored store starts a new log: origin ${newLogOrigin} (the old log's checkpoints stay in the backup and in the store it replaced)`;
    }
    if (replaced.newest === undefined || replaced.origin === undefined) return undefined;
    carryCheckpoints(database, storePath);
    origin.record(replaced.origin);
    return `the checkpoints ${storePath} signed are kept in the restored store`;
  } finally {
    database.close();
  }
};
