// The read file is rebuilt, not trusted, when it is missing, damaged, or describes another ledger
// (or events the store no longer holds), and the log says so; a file of this ledger is kept.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { openReadStoreFile } from '../../../projections/sqlite/read-store-file.ts';
import { adoptLedger, recordPendingIdentity } from '../../../projections/sqlite/read-store-identity.ts';
import { opened, toppedUp } from '../support/ledger-fixtures.ts';

let directory: string;
let readPath: string;
let lines: string[];
const log = (line: string): void => void lines.push(line);
const storeAt = (name: string): SqliteEventStore => openSqliteEventStore({ path: join(directory, name) });

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'read-store-'));
  readPath = join(directory, 'ledger.read.db');
  lines = [];
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

// A read file of `store` with a checkpoint at `position` and one row of its own.
const builtFile = async (store: SqliteEventStore, position: bigint): Promise<void> => {
  const database = openReadStoreFile(readPath, log);
  await adoptLedger(database, store, readPath, log);
  const persistence = createSqliteProjectionPersistence(database);
  database.exec('CREATE TABLE projection_marker (id INTEGER)');
  persistence.transaction((tx) => {
    persistence.saveCheckpoint(tx, 'balance', position);
    tx.exec('INSERT INTO projection_marker VALUES (1)');
  });
  database.close();
};

const reopened = async (store: SqliteEventStore) => {
  const database = openReadStoreFile(readPath, log);
  await adoptLedger(database, store, readPath, log);
  const marker = database.prepare("SELECT 1 FROM sqlite_master WHERE name = 'projection_marker'").get() !== undefined;
  const synchronous = database.pragma('synchronous', { simple: true });
  database.close();
  return { marker, synchronous };
};

describe('the read file', () => {
  it('is created when missing (logged), with synchronous=NORMAL, and kept at the next start for the same ledger', async () => {
    const store = storeAt('ledger.db');
    await store.append('account-a', [opened('a'), toppedUp('a', 1, '10', 't-1')], expectAny);
    await builtFile(store, 2n);
    expect(lines).toEqual([expect.stringMatching(/ledger\.read\.db: missing; building/)]);
    lines = [];
    expect(await reopened(store)).toEqual({ marker: true, synchronous: 1 });
    expect(lines).toEqual([]);
    await store.close();
  });

  it('is deleted and built again when truncated or not a database', async () => {
    const store = storeAt('ledger.db');
    await store.append('account-a', [opened('a')], expectAny);
    await builtFile(store, 1n);
    truncateSync(readPath, 1_000);
    rmSync(`${readPath}-wal`, { force: true });
    lines = [];
    expect((await reopened(store)).marker).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/not trusted \(.*truncated.*\); deleting it and rebuilding/)]);
    writeFileSync(readPath, 'not a database at all, but long enough to be read as a header by SQLite..................................');
    lines = [];
    expect((await reopened(store)).marker).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/not trusted \(.*not a SQLite database.*\)/)]);
    await store.close();
  });

  it("is emptied when it belongs to another ledger, or its checkpoint is past the store's head", async () => {
    const first = storeAt('ledger.db');
    await first.append('account-a', [opened('a'), toppedUp('a', 1, '10', 't-1')], expectAny);
    await builtFile(first, 2n);
    const other = storeAt('other.db');
    await other.append('account-b', [opened('b'), toppedUp('b', 1, '10', 't-1')], expectAny);
    lines = [];
    expect((await reopened(other)).marker).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/belongs to another ledger/)]);

    await builtFile(first, 5n);
    lines = [];
    expect((await reopened(first)).marker).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/checkpoint 5 is past the event store's head 2/)]);
    await first.close();
    await other.close();
  });

  it('learns its ledger once the first event exists when it was started on an empty store', async () => {
    const store = storeAt('ledger.db');
    const database = openReadStoreFile(readPath, log);
    expect(await adoptLedger(database, store, readPath, log)).toBe(true);
    expect(await recordPendingIdentity(database, store)).toBe(true);
    await store.append('account-a', [opened('a')], expectAny);
    expect(await recordPendingIdentity(database, store)).toBe(false);
    database.close();
    const other = storeAt('other.db');
    await other.append('account-b', [opened('b')], expectAny);
    lines = [];
    await reopened(other);
    expect(lines).toEqual([expect.stringMatching(/belongs to another ledger/)]);
    await store.close();
    await other.close();
  });
});
