// The shared contract suite against the SQLite store whose appends go through its writer thread,
// and what only that mode has: a stale head cached beside the thread costs a retry, never a wrong
// append, and appends after the thread has stopped are refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EventStore, StoreUnavailableError, expectExact, expectNoStream } from '../../../domain/ports/event-store.ts';
import { ChainVerifier } from '../../../adapters/event-store/hash-chain.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { describeEventStoreContract } from './event-store-contract.ts';
import { appended, newEvent } from './event-store-contract-support.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-sqlite-writer-thread-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const paths = new WeakMap<EventStore, string>();
let fileCount = 0;
const nextPath = (): string => {
  fileCount += 1;
  return join(directory, `store-${fileCount}`, 'ledger.db');
};

describeEventStoreContract('sqlite (writer thread)', {
  create: async ({ clock }) => {
    const path = nextPath();
    const store = openSqliteEventStore({ path, clock, pollIntervalMs: 20, writer: 'thread' });
    paths.set(store, path);
    return store;
  },
  reopen: async (store, { clock }) => {
    const path = paths.get(store);
    if (path === undefined) throw new Error('reopen: not a store this file opened');
    await store.close();
    const reopened = openSqliteEventStore({ path, clock, pollIntervalMs: 20, writer: 'thread' });
    paths.set(reopened, path);
    return reopened;
  },
});

describe('sqlite event store with a writer thread', () => {
  it('answers a conflict, then the events another process appended, when its cached head went stale', async () => {
    const path = nextPath();
    const store = openSqliteEventStore({ path, writer: 'thread' });
    const other = openSqliteEventStore({ path });
    try {
      appended(await store.append('shared', [newEvent('A', {})], expectNoStream));
      // Known to end at revision 0 from the thread's answer: no query needed to say so.
      expect(await store.readStream('shared', { fromRevision: 1 })).toEqual([]);
      appended(await other.append('shared', [newEvent('B', {})], expectExact(0)));

      const stale = await store.append('shared', [newEvent('C', {})], expectExact(0));
      expect(stale).toEqual({ kind: 'conflict', streamId: 'shared', expected: expectExact(0), actualRevision: 1 });
      expect((await store.readStream('shared', { fromRevision: 1 })).map((event) => event.type)).toEqual(['B']);
      appended(await store.append('shared', [newEvent('C', {})], expectExact(1)));
      const verifier = new ChainVerifier('shared');
      (await other.readStream('shared')).forEach((event) => verifier.accept(event));
      expect(verifier.result()).toMatchObject({ verified: true });
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('refuses appends once closed, and every append queued before the close is written', async () => {
    const path = nextPath();
    const store = openSqliteEventStore({ path, writer: 'thread' });
    const queued = Array.from({ length: 20 }, (_, index) => store.append(`queued-${index}`, [newEvent('A', { index })], expectNoStream));
    await store.close();
    expect((await Promise.all(queued)).map((outcome) => outcome.kind)).toEqual(Array(20).fill('appended'));
    await expect(store.append('late', [newEvent('A', {})], expectNoStream)).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = openSqliteEventStore({ path });
    try {
      expect(await reopened.headPosition()).toBe(20n);
    } finally {
      await reopened.close();
    }
  });
});
