// Two processes running the same projections on one SQLite file (here: two connections, two
// runners): every event must be applied exactly once, whichever runner commits a batch first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { countingProjection } from '../support/counting-projection.ts';
import { charged, minuteAt, opened, toppedUp } from '../support/ledger-fixtures.ts';

const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };
const now = { asOf: minuteAt(100_000), knownAt: minuteAt(100_000) };

describe('two runners of the same projections on one SQLite file', () => {
  let directory: string;
  let stores: SqliteEventStore[];
  const failures: string[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-two-runners-'));
    const path = join(directory, 'ledger.db');
    stores = [openSqliteEventStore({ path, clock, pollIntervalMs: 10 }), openSqliteEventStore({ path, clock, pollIntervalMs: 10 })];
    failures.length = 0;
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const startOn = (store: SqliteEventStore) => {
    const balance = createSqliteBalanceIndex(store.database);
    const counting = countingProjection(store.database, 'counting', ['WalletToppedUp', 'WalletCharged']);
    const runner = createProjectionRunner({
      store, persistence: createSqliteProjectionPersistence(store.database), projections: [balance.projection, counting],
      batchSizeMax: 3, onFailure: (name, error) => failures.push(`${name}: ${error.message}`),
    });
    runner.start();
    return { balance, counting, runner };
  };

  const appendHistory = async (store: SqliteEventStore, from: number, to: number): Promise<bigint> => {
    for (let minute = from; minute < to; minute += 1) {
      const events = minute % 2 === 0 ? [toppedUp('a', minute, '10', `t-${minute}`)] : [charged('a', minute, '3', `c-${minute}`)];
      await store.append('account-a', events, expectAny);
    }
    return store.headPosition();
  };

  const caughtUp = async (runners: ReadonlyArray<ReturnType<typeof startOn>>, head: bigint) => {
    for (const { runner } of runners) {
      expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
      expect((await runner.waitFor('counting', head, 5_000)).kind).toBe('caught_up');
    }
  };

  it('applies every batch once, never twice', async () => {
    const [storeA, storeB] = stores as [SqliteEventStore, SqliteEventStore];
    await storeA.append('account-a', [opened('a')], expectAny);
    await appendHistory(storeA, 1, 21); // before the runners start: both catch up over the same pages
    const runners = [startOn(storeA), startOn(storeB)];
    await caughtUp(runners, await storeA.headPosition());
    const head = await appendHistory(storeB, 21, 41); // and while both are live
    await caughtUp(runners, head);
    expect(failures).toEqual([]);
    for (const { balance, counting } of runners) {
      expect(counting.counts()).toEqual({ WalletToppedUp: 20, WalletCharged: 20 });
      expect(balance.balanceAt('a' as AccountId, now)?.ledgerBalance.amount.toFixed()).toBe(String(20 * 10 - 20 * 3));
    }
    for (const { runner } of runners) await runner.stop();
  });

  it('restarts a runner from zero when another process reset the projection behind its back', async () => {
    const [storeA, storeB] = stores as [SqliteEventStore, SqliteEventStore];
    await storeA.append('account-a', [opened('a')], expectAny);
    const runners = [startOn(storeA), startOn(storeB)];
    await caughtUp(runners, await appendHistory(storeA, 1, 21));
    const [first, second] = runners as [ReturnType<typeof startOn>, ReturnType<typeof startOn>];
    // The other process starts a rebuild (reset, checkpoint zero) and stops before re-applying anything.
    await first.runner.stop();
    const persistence = createSqliteProjectionPersistence(storeA.database);
    persistence.transaction((tx) => {
      first.counting.reset(tx);
      persistence.saveCheckpoint(tx, 'counting', 0n);
    });
    const head = await appendHistory(storeB, 21, 41);
    expect((await second.runner.waitFor('counting', head, 5_000)).kind).toBe('caught_up');
    expect(failures).toEqual([]);
    expect(second.counting.counts()).toEqual({ WalletToppedUp: 20, WalletCharged: 20 });
    expect(second.runner.status('counting')?.checkpoint).toBe(head);
    await second.runner.stop();
  });
});
