// A runner started on a file whose projection was never built (checkpoint zero) builds it with the
// projection's bulk path, then follows the store with its subscription; stop() ends that first
// build between two transactions, and the next start begins it again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import type { Projection } from '../../../projections/runner/projection.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { charged, minuteAt, opened, toppedUp } from '../support/ledger-fixtures.ts';
import { balanceRowsOf } from '../support/balance-rows.ts';

const parameters = { leafPointsMax: 2, chunkPointsMax: 3 };
const now = { asOf: minuteAt(100_000), knownAt: minuteAt(100_000) };

describe('the first build of a projection at start', () => {
  let directory: string;
  let stores: SqliteEventStore[];
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-first-build-'));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  const seededStore = async (name: string, accounts: number): Promise<SqliteEventStore> => {
    const store = openSqliteEventStore({ path: join(directory, name), clock: { now: () => new Date('2024-05-02T00:00:00.000Z') } });
    stores.push(store);
    for (let account = 0; account < accounts; account += 1) {
      const id = `a${account}`;
      await store.append(`account-${id}`, [opened(id)], expectAny);
      const events = Array.from({ length: 20 }, (_, minute) =>
        (minute % 2 === 0 ? toppedUp(id, minute + 1, '10', `t-${minute}`) : charged(id, minute + 1, '3', `c-${minute}`)));
      await store.append(`account-${id}`, events, expectAny);
    }
    return store;
  };

  // The balance index with its bulk path's begin and finish counted.
  const countedIndex = (store: SqliteEventStore) => {
    const index = createSqliteBalanceIndex(store.database, parameters);
    const bulk = index.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    const calls: string[] = [];
    const projection: Projection<Database> = {
      ...index.projection,
      bulkRebuild: {
        ...bulk,
        begin: (tx) => {
          calls.push('begin');
          bulk.begin(tx);
        },
        finish: (tx) => {
          calls.push('finish');
          bulk.finish(tx);
        },
      },
    };
    return { index, projection, calls };
  };

  it('builds a never-built projection in bulk, then follows new events live, to the rows of a live build', async () => {
    const store = await seededStore('bulk.db', 3);
    const { index, projection, calls } = countedIndex(store);
    const runner = createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(store.database), projections: [projection] });
    runner.start();
    expect((await runner.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
    expect(calls).toEqual(['begin', 'finish']);
    await store.append('account-a0', [toppedUp('a0', 30, '1000', 't-late')], expectAny);
    expect((await runner.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
    await runner.stop();
    expect(calls).toEqual(['begin', 'finish']);

    // The same events, projected live from an empty store as they were appended.
    const live = openSqliteEventStore({ path: join(directory, 'live.db'), clock: { now: () => new Date('2024-05-02T00:00:00.000Z') } });
    stores.push(live);
    const liveIndex = createSqliteBalanceIndex(live.database, parameters);
    const liveRunner = createProjectionRunner({ store: live, persistence: createSqliteProjectionPersistence(live.database), projections: [liveIndex.projection] });
    liveRunner.start();
    for (const event of await store.readAll({ limit: 1_000 })) {
      await live.append(event.streamId, [{ type: event.type, data: event.data, occurredAt: event.occurredAt }], expectAny);
    }
    expect((await liveRunner.waitFor('balance', await live.headPosition(), 10_000)).kind).toBe('caught_up');
    await liveRunner.stop();
    expect(balanceRowsOf(store.database)).toEqual(balanceRowsOf(live.database));
    expect(index.balanceAt('a0' as AccountId, now)?.ledgerBalance.amount.toFixed()).toBe(String(10 * 10 - 10 * 3 + 1000));
  });

  it('follows an empty store live, with no bulk pass', async () => {
    const store = await seededStore('empty.db', 0);
    const { projection, calls } = countedIndex(store);
    const runner = createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(store.database), projections: [projection] });
    runner.start();
    await store.append('account-a0', [opened('a0')], expectAny);
    expect((await runner.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
    await runner.stop();
    expect(calls).toEqual([]);
  });

  it('ends the first build when stopped, and the next start builds it again from zero', async () => {
    const store = await seededStore('stopped.db', 40);
    const persistence = createSqliteProjectionPersistence(store.database);
    const first = countedIndex(store);
    const bulk = first.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    // stop() is asked as soon as the pass has begun, before its first read.
    let stopping: Promise<void> | undefined;
    const stoppedOnBegin: Projection<Database> = {
      ...first.projection,
      bulkRebuild: {
        ...bulk,
        begin: (tx) => {
          bulk.begin(tx);
          stopping = runner.stop();
        },
      },
    };
    const runner = createProjectionRunner({ store, persistence, projections: [stoppedOnBegin] });
    runner.start();
    await expect.poll(() => stopping !== undefined).toBe(true);
    await stopping;
    expect(first.calls).toEqual(['begin']);
    expect(runner.status('balance')?.state).toBe('stopped');
    expect(persistence.loadCheckpoint('balance')).toBe(0n);

    const again = countedIndex(store);
    const restarted = createProjectionRunner({ store, persistence, projections: [again.projection] });
    restarted.start();
    expect((await restarted.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
    await restarted.stop();
    expect(again.calls).toEqual(['begin', 'finish']);
    expect(again.index.balanceAt('a39' as AccountId, now)?.ledgerBalance.amount.toFixed()).toBe(String(10 * 10 - 10 * 3));
  });
});
