import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EventStore, expectAny } from '../../../domain/ports/event-store.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { describeEventStoreContract } from './event-store-contract.ts';
import { typeFilterSizeMax } from '../../../adapters/event-store/sqlite-statements.ts';
import { appended, newEvent } from './event-store-contract-support.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-sqlite-contract-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const paths = new WeakMap<EventStore, string>();
let fileCount = 0;

describeEventStoreContract('sqlite', {
  create: async ({ clock }) => {
    fileCount += 1;
    const path = join(directory, `store-${fileCount}`, 'ledger.db');
    const store = openSqliteEventStore({ path, clock, pollIntervalMs: 20 });
    paths.set(store, path);
    return store;
  },
  reopen: async (store, { clock }) => {
    const path = paths.get(store);
    if (path === undefined) throw new Error('reopen: not a store this file opened');
    await store.close();
    const reopened = openSqliteEventStore({ path, clock, pollIntervalMs: 20 });
    paths.set(reopened, path);
    return reopened;
  },
});

describe('sqlite event store limits', () => {
  it(`filters by at most ${typeFilterSizeMax} types, counting each type once`, async () => {
    const store = openSqliteEventStore({ path: join(directory, 'limits', 'ledger.db') });
    try {
      const [event] = appended(await store.append('typed', [newEvent('Kept', {})], expectAny));
      const many = Array.from({ length: typeFilterSizeMax }, (_, index) => `Other${index}`);
      expect(await store.readAll({ types: [...many.slice(1), 'Kept', 'Kept'] })).toEqual([event]);
      await expect(store.readAll({ types: [...many, 'Kept'] })).rejects.toThrow(RangeError);
    } finally {
      await store.close();
    }
  });
});
