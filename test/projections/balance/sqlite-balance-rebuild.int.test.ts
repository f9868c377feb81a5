import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import type { Projection } from '../../../projections/runner/projection.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { charged, minuteAt, opened, reversed, toppedUp } from '../support/ledger-fixtures.ts';
import { balanceRowsOf } from '../support/balance-rows.ts';


describe('runner.rebuild of the sqlite balance index', () => {
  let directory: string;
  let store: SqliteEventStore;
  let nowMs = Date.parse('2024-05-02T00:00:00.000Z');

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-balance-rebuild-'));
    // Every append is recorded a minute after the previous one: late arrivals in valid time.
    store = openSqliteEventStore({ path: join(directory, 'ledger.db'), clock: { now: () => new Date((nowMs += 60_000)) } });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('takes the bulk path and ends with the rows and answers of the live build', async () => {
    const index = createSqliteBalanceIndex(store.database, { leafPointsMax: 2, chunkPointsMax: 3 });
    const calls: string[] = [];
    const bulk = index.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('the SQLite balance index offers no bulk rebuild');
    const projection: Projection<Database> = {
      ...index.projection,
      bulkRebuild: {
        begin: (tx) => {
          calls.push('begin');
          bulk.begin(tx);
        },
        applyBatch: (tx, events) => {
          calls.push(`apply ${events.length}`);
          bulk.applyBatch(tx, events);
        },
        finish: (tx) => {
          calls.push('finish');
          bulk.finish(tx);
        },
      },
    };
    const runner = createProjectionRunner({
      store, persistence: createSqliteProjectionPersistence(store.database), projections: [projection], batchSizeMax: 3,
    });
    runner.start();
    for (const account of ['a', 'b']) await store.append(`account-${account}`, [opened(account)], expectAny);
    for (let minute = 40; minute > 0; minute -= 1) {
      const account = minute % 3 === 0 ? 'b' : 'a';
      await store.append(`account-${account}`, [toppedUp(account, minute, '100', `t-${minute}`), charged(account, minute + 1, '30', `c-${minute}`)], expectAny);
      if (minute % 4 === 0) await store.append(`account-${account}`, [reversed(account, minute + 50, '30', `c-${minute}`)], expectAny);
    }
    const head = await store.headPosition();
    expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
    const questions = [0, 1, 20, 41, 100].flatMap((asOf) => [30, 60, 90, 200].map((known) => ({
      asOf: minuteAt(asOf), knownAt: instantFromEpochMs(Date.parse('2024-05-02T00:00:00.000Z') + known * 60_000),
    })));
    const answers = (accountId: string) => questions.map((query) => index.balanceAt(accountId as AccountId, query));
    const live = { rows: balanceRowsOf(store.database), a: answers('a'), b: answers('b') };
    expect(calls).toEqual([]);

    expect(await runner.rebuild('balance', 5_000)).toEqual({ kind: 'caught_up', checkpoint: head });
    expect(calls).toEqual(['begin', `apply ${Number(head)}`, 'finish']);
    expect({ rows: balanceRowsOf(store.database), a: answers('a'), b: answers('b') }).toEqual(live);
    expect(runner.status('balance')).toEqual({ name: 'balance', state: 'running', checkpoint: head });
    await runner.stop();
  });
});
