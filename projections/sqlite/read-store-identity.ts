// Which ledger a read file describes. A read file copied from another ledger, or kept while the
// event store was replaced or restored from an older copy, would answer balances of events this
// store does not hold: it is emptied and rebuilt instead (the log says why). The identity is a
// digest of the store's first event (any store, through the port); a file built while the store
// was still empty records it as soon as the first event exists (recordPendingIdentity).
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import type { ReadStoreLog } from './read-store-file.ts';

const identityTable = 'read_store_ledger';
const checkpointTable = 'projection_checkpoints';
const noEventYet = '';

export const ledgerIdentityOf = async (store: EventStore): Promise<string> => {
  const [first] = await store.readAll({ limit: 1 });
  if (first === undefined) return noEventYet;
  const described = [first.position.toString(), first.streamId, first.revision, first.type, first.recordedAt, first.data];
  return createHash('sha256').update(JSON.stringify(described)).digest('hex');
};

const tableExists = (database: Database, name: string): boolean =>
  database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) !== undefined;

const storedIdentity = (database: Database): string | undefined => {
  if (!tableExists(database, identityTable)) return undefined;
  const value: unknown = database.prepare(`SELECT identity FROM ${identityTable} WHERE id = 1`).pluck().get();
  return typeof value === 'string' ? value : undefined;
};

const highestCheckpoint = (database: Database): GlobalPosition => {
  if (!tableExists(database, checkpointTable)) return 0n;
  const value: unknown = database.prepare(`SELECT max(position) FROM ${checkpointTable}`).pluck().safeIntegers(true).get();
  return typeof value === 'bigint' ? value : 0n;
};

// Empties the file in place (the API may hold it open): every table goes, the runner builds again.
const emptyReadFile = (database: Database): void => {
  const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  database.transaction(() => {
    for (const name of tables) if (typeof name === 'string') database.exec(`DROP TABLE "${name.replaceAll('"', '""')}"`);
  }).immediate();
};

const saveIdentity = (database: Database, identity: string): void => {
  database.exec(`CREATE TABLE IF NOT EXISTS ${identityTable} (id INTEGER PRIMARY KEY CHECK (id = 1), identity TEXT NOT NULL)`);
  database.prepare(`INSERT INTO ${identityTable} (id, identity) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET identity = excluded.identity`).run(identity);
};

const mistrust = (stored: string | undefined, identity: string, checkpoint: GlobalPosition, head: GlobalPosition): string | undefined => {
  if (checkpoint > head) return `its checkpoint ${checkpoint} is past the event store's head ${head} (a store restored from an older copy, or another ledger)`;
  if (stored === undefined) return checkpoint > 0n ? 'it records no ledger identity' : undefined;
  if (stored === noEventYet) return checkpoint > 0n && identity !== noEventYet ? 'it was built before its ledger identity was known' : undefined;
  return stored === identity ? undefined : 'it belongs to another ledger (its first event differs)';
};

// At the runner's start, before any projection is built on the file. Answers whether the identity
// is still pending (the store is empty).
export const adoptLedger = async (database: Database, store: EventStore, path: string, log: ReadStoreLog): Promise<boolean> => {
  const identity = await ledgerIdentityOf(store);
  const head = await store.headPosition();
  const why = mistrust(storedIdentity(database), identity, highestCheckpoint(database), head);
  if (why !== undefined) {
    log(`read store ${path}: not trusted, ${why}; emptying it and rebuilding the read models from the event store`);
    emptyReadFile(database);
  }
  saveIdentity(database, identity);
  return identity === noEventYet;
};

// Records the identity once the store holds an event; answers whether it is still pending.
export const recordPendingIdentity = async (database: Database, store: EventStore): Promise<boolean> => {
  const identity = await ledgerIdentityOf(store);
  if (identity === noEventYet) return true;
  if (storedIdentity(database) === noEventYet) saveIdentity(database, identity);
  return false;
};
