// A SQLite store with its verifiable log as the server opens it (hashes read from the hash column),
// for the log's tests: append events to several
// streams, wait until the log holds them, sign.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { sqliteEventHashes } from '../../../adapters/verifiable-log/event-hashes.ts';
import { createSqliteLogTables } from '../../../adapters/verifiable-log/sqlite-log-tables.ts';
import { type SigningKey, generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { type VerifiableLog, createVerifiableLog } from '../../../adapters/verifiable-log/verifiable-log.ts';

export const fixedClock = { now: () => new Date('2026-12-01T10:00:00.000Z') };
export const testOrigin = 'ledger.example/test';

export type LoggedStore = Readonly<{ store: SqliteEventStore; log: VerifiableLog; warnings: string[]; close: () => Promise<void> }>;

export const openLoggedStore = (path: string, key: SigningKey = generateSigningKey()): LoggedStore => {
  mkdirSync(dirname(path), { recursive: true });
  const store = openSqliteEventStore({ path, clock: fixedClock, pollIntervalMs: 20 });
  const warnings: string[] = [];
  const tables = createSqliteLogTables(store.database);
  const log = createVerifiableLog({
    store, ...tables, hashes: sqliteEventHashes(store.database), key, origin: testOrigin, checkpointIntervalMs: 3_600_000, clock: fixedClock, warn: (line) => warnings.push(line),
  });
  return { store, log, warnings, close: async () => { await log.stop(); await store.close(); } };
};

export const appendEvents = async (store: SqliteEventStore, count: number, streams = 3): Promise<void> => {
  for (let index = 0; index < count; index += 1) {
    await store.append(`account-${index % streams}`, [{ type: 'Noted', data: { index }, occurredAt: '2026-12-01T09:00:00.000Z' }], expectAny);
  }
};

export const waitForLogSize = async (log: VerifiableLog, size: number): Promise<void> => {
  await log.started;
  await expect.poll(async () => {
    await log.feedNow();
    return log.size();
  }, { timeout: 5_000, interval: 10 }).toBe(size);
};
