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
import { charged, loggedIn, minuteAt, opened, reversed, toppedUp } from '../support/ledger-fixtures.ts';

const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };
const now = { asOf: minuteAt(100_000), knownAt: minuteAt(100_000) };
const quiet = () => undefined;

describe('projection runner on the SQLite store', () => {
  let directory: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
    path = join(directory, 'ledger.db');
    store = openSqliteEventStore({ path, clock, pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const start = (failOn?: { chargeId: string }) => {
    const balance = createSqliteBalanceIndex(store.database);
    const counting = countingProjection(store.database, 'counting', ['WalletToppedUp', 'WalletCharged'], failOn);
    const runner = createProjectionRunner({
      store, persistence: createSqliteProjectionPersistence(store.database), projections: [balance.projection, counting],
      batchSizeMax: 4, onFailure: quiet,
    });
    runner.start();
    return { balance, counting, runner };
  };

  it('lets a reader wait for its own append, in bounded batches, and resumes after a restart without re-applying', async () => {
    let { balance, counting, runner } = start();
    await store.append('account-a', [opened('a'), toppedUp('a', 1, '1000', 't-1')], expectAny);
    const appended = await store.append('account-a', [charged('a', 2, '300', 'c-1'), loggedIn('a', 3, 'l-1')], expectAny);
    const position = appended.kind === 'appended' ? (appended.events.at(-1)?.position ?? 0n) : 0n;
    expect(await runner.waitFor('balance', position, 5_000)).toEqual({ kind: 'caught_up', checkpoint: position });
    expect(balance.balanceAt('a' as AccountId, now)?.ledgerBalance.amount.toFixed()).toBe('700');
    expect((await runner.waitFor('counting', position, 5_000)).kind).toBe('caught_up');
    await runner.stop();
    await store.close();

    store = openSqliteEventStore({ path, clock, pollIntervalMs: 20 });
    ({ balance, counting, runner } = start());
    expect(runner.status('counting')?.checkpoint).toBe(position);
    for (let index = 0; index < 10; index += 1) await store.append('account-a', [toppedUp('a', 10 + index, '1', `t-${10 + index}`)], expectAny);
    await store.append('account-a', [reversed('a', 50, '300', 'c-1')], expectAny);
    const head = await store.headPosition();
    expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
    expect((await runner.waitFor('counting', head, 5_000)).kind).toBe('caught_up');
    expect(counting.counts()).toEqual({ WalletToppedUp: 11, WalletCharged: 1 });
    expect(Math.max(...counting.batchSizes)).toBeLessThanOrEqual(4);
    const answer = balance.balanceAt('a' as AccountId, now);
    expect([answer?.ledgerBalance.amount.toFixed(), answer?.correctedBalance.amount.toFixed()]).toEqual(['1010', '1010']);
    expect((await runner.waitFor('balance', head + 1n, 30)).kind).toBe('timed_out');
    await runner.stop();
  });

  it('stops a failing projection loudly without advancing its checkpoint, while the others go on', async () => {
    await store.append('account-a', [opened('a'), toppedUp('a', 1, '1000', 't-1')], expectAny);
    const before = await store.headPosition();
    const { balance, counting, runner } = start({ chargeId: 'c-bad' });
    expect((await runner.waitFor('counting', before, 5_000)).kind).toBe('caught_up');
    await store.append('account-a', [toppedUp('a', 2, '5', 't-2'), charged('a', 3, '100', 'c-bad')], expectAny);
    const head = await store.headPosition();
    expect(await runner.waitFor('counting', head, 5_000)).toEqual({ kind: 'failed', error: 'cannot project c-bad' });
    expect(runner.status('counting')).toEqual({ name: 'counting', state: 'failed', checkpoint: before, error: 'cannot project c-bad' });
    // The failed batch rolled back as a whole: t-2 (before c-bad in the same batch) is not counted.
    expect(counting.counts()).toEqual({ WalletToppedUp: 1 });
    expect(createSqliteProjectionPersistence(store.database).loadCheckpoint('counting')).toBe(before);
    expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
    expect(balance.balanceAt('a' as AccountId, now)?.ledgerBalance.amount.toFixed()).toBe('905');
    await runner.stop();
  });

  it('rebuilds a projection from zero to the same answers', async () => {
    const { balance, counting, runner } = start();
    await store.append('account-a', [opened('a'), toppedUp('a', 1, '1000', 't-1'), charged('a', 2, '250', 'c-1')], expectAny);
    await store.append('account-a', [reversed('a', 3, '250', 'c-1'), charged('a', 4, '100', 'c-2')], expectAny);
    const head = await store.headPosition();
    expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
    const asOfTwo = { asOf: minuteAt(2), knownAt: now.knownAt };
    const first = [balance.balanceAt('a' as AccountId, now), balance.balanceAt('a' as AccountId, asOfTwo)];
    expect((await runner.rebuild('balance', 5_000)).kind).toBe('caught_up');
    expect((await runner.rebuild('counting', 5_000)).kind).toBe('caught_up');
    expect([balance.balanceAt('a' as AccountId, now), balance.balanceAt('a' as AccountId, asOfTwo)]).toEqual(first);
    expect(first[1]?.ledgerBalance.amount.toFixed()).toBe('750');
    expect(first[1]?.correctedBalance.amount.toFixed()).toBe('1000');
    expect(counting.counts()).toEqual({ WalletToppedUp: 1, WalletCharged: 2 });
    expect(runner.statuses().map((status) => [status.name, status.state, status.checkpoint])).toEqual([
      ['balance', 'running', head], ['counting', 'running', head],
    ]);
    await runner.stop();
  });
});
