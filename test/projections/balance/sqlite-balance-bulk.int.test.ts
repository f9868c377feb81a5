import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import type { Money } from '../../../domain/money.ts';
import type { BalanceIndexParameters } from '../../../projections/balance/balance-index.ts';
import { referenceBalance } from '../../../projections/balance/bitemporal-balance.ts';
import { type SqliteBalanceIndex, createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import type { BulkRebuild } from '../../../projections/runner/projection.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { balanceRowsOf } from '../support/balance-rows.ts';
import {
  accountIds, baseMs, batchesOf, historyOf, instantAt, offsetMax, queryArbitrary, referenceOf, stepArbitrary,
} from '../support/random-history.ts';

const text = (money: Money | undefined) => (money === undefined ? undefined : `${money.amount.toFixed()} ${money.currency}`);

// Two random histories of two accounts each, interleaved into one global order of four accounts.
// The second one's occurredAt are a thousand times closer (milliseconds apart instead of seconds),
// so that nodes near the trie's bottom level fill up and split too.
const renamed = (event: StoredEvent): StoredEvent => {
  const accountId = `${String(event.data.accountId)}-2`;
  const occurredAt = instantFromEpochMs(baseMs + (Date.parse(event.occurredAt) - baseMs) / 1000);
  return { ...event, streamId: `account-${accountId}`, occurredAt, data: { ...event.data, accountId, occurredAt } };
};
const interleaved = (first: ReadonlyArray<StoredEvent>, second: ReadonlyArray<StoredEvent>, picks: ReadonlyArray<boolean>) => {
  const events: StoredEvent[] = [];
  let [a, b] = [0, 0];
  for (let index = 0; a < first.length || b < second.length; index += 1) {
    const fromFirst = b >= second.length || (a < first.length && (picks[index % Math.max(1, picks.length)] ?? true));
    const event = fromFirst ? first[a++] : second[b++];
    if (event !== undefined) events.push({ ...event, position: BigInt(events.length + 1) });
  }
  return events;
};
const allAccounts: ReadonlyArray<AccountId> = [...accountIds, ...accountIds.map((id) => `${id}-2` as AccountId)];

const bulkOf = (index: SqliteBalanceIndex): BulkRebuild<Database.Database> => {
  const bulk = index.projection.bulkRebuild;
  if (bulk === undefined) throw new Error('the SQLite balance index offers no bulk rebuild');
  return bulk;
};

const built = (events: ReadonlyArray<StoredEvent>, parameters: BalanceIndexParameters, mode: 'incremental' | 'bulk', sizes: number[]) => {
  const database = new Database(':memory:');
  const persistence = createSqliteProjectionPersistence(database);
  const index = createSqliteBalanceIndex(database, parameters);
  if (mode === 'incremental') {
    for (const batch of batchesOf(events, sizes)) persistence.transaction((tx) => index.projection.applyBatch(tx, batch));
  } else {
    const bulk = bulkOf(index);
    persistence.transaction((tx) => bulk.begin(tx));
    for (const batch of batchesOf(events, sizes)) persistence.transaction((tx) => bulk.applyBatch(tx, batch));
    persistence.transaction((tx) => bulk.finish(tx));
  }
  return { database, index, persistence };
};

// Every row of every table of the index in primary-key order, and the schema (indexes included).

const grid = Array.from({ length: 9 }, (_, step) => instantAt(step * 5 - 1));
const fineGrid = Array.from({ length: 15 }, (_, step) => instantFromEpochMs(baseMs + step * 3 - 1));
const gridQueries = [...grid, ...fineGrid].flatMap((asOf) => grid.map((knownAt) => ({ asOf, knownAt })));

describe('bulk rebuild of the sqlite balance index', () => {
  it.each([
    { leafPointsMax: 1, chunkPointsMax: 2 },
    { leafPointsMax: 2, chunkPointsMax: 3 },
    { leafPointsMax: 4, chunkPointsMax: 5 },
  ])('writes exactly the rows and answers of the incremental build (%o)', (parameters) => {
    let splitsSeen = 0;
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { maxLength: 50 }),
        fc.array(stepArbitrary, { maxLength: 50 }),
        fc.array(fc.boolean(), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 20 }),
        (first, second, picks, liveSizes, bulkSizes, queries) => {
          const events = interleaved(historyOf(first), historyOf(second).map(renamed), picks);
          const incremental = built(events, parameters, 'incremental', liveSizes);
          const bulk = built(events, parameters, 'bulk', bulkSizes);
          try {
            const rows = balanceRowsOf(bulk.database);
            expect(rows).toEqual(balanceRowsOf(incremental.database));
            const nodeCount = bulk.database.prepare('SELECT count(*) FROM projection_balance_nodes').pluck().get();
            if (typeof nodeCount === 'number' && nodeCount > allAccounts.length) splitsSeen += 1;
            // The rows (every table, in key order, with the schema) are the index's whole state, and
            // both builds answer from them with the same code: asking the incremental one too would
            // repeat the same reads (it doubled this file's time). The bulk build's answers are checked
            // against the reference fold; the incremental build's, in sqlite-balance-index's tests.
            for (const accountId of allAccounts) {
              const reference = referenceOf(events, accountId);
              for (const query of [...queries, ...gridQueries]) {
                const expected = referenceBalance(reference, query);
                const answer = bulk.index.balanceAt(accountId, query);
                expect(text(answer?.ledgerBalance)).toBe(text(expected?.ledgerBalance));
                expect(text(answer?.correctedBalance)).toBe(text(expected?.correctedBalance));
              }
            }
          } finally {
            incremental.database.close();
            bulk.database.close();
          }
        },
      ),
      { seed: 20261122, numRuns: 60 },
    );
    // Not a vacuous comparison: most histories split the trie below its root.
    expect(splitsSeen).toBeGreaterThan(30);
  });

  it('starts again from zero when a live batch meets a bulk rebuild that never finished', () => {
    const events = interleaved(historyOf(fc.sample(stepArbitrary, { numRuns: 40, seed: 7 })), [], []);
    const parameters = { leafPointsMax: 2, chunkPointsMax: 3 };
    const incremental = built(events, parameters, 'incremental', [5]);
    const database = new Database(':memory:');
    try {
      const persistence = createSqliteProjectionPersistence(database);
      const index = createSqliteBalanceIndex(database, parameters);
      const bulk = bulkOf(index);
      persistence.transaction((tx) => bulk.begin(tx));
      persistence.transaction((tx) => bulk.applyBatch(tx, events.slice(0, 20)));
      // The process died here; on restart the runner feeds the live path from checkpoint zero.
      const restarted = createSqliteBalanceIndex(database, parameters);
      for (const batch of batchesOf(events, [7])) persistence.transaction((tx) => restarted.projection.applyBatch(tx, batch));
      expect(balanceRowsOf(database)).toEqual(balanceRowsOf(incremental.database));
      // The abandoned bulk rebuild cannot go on writing over the live rows.
      expect(() => persistence.transaction((tx) => bulk.applyBatch(tx, events.slice(20)))).toThrow(/a live batch started the index again from zero/);
      expect(restarted.balanceAt(accountIds[0] ?? ('' as AccountId), { asOf: instantAt(offsetMax), knownAt: instantAt(offsetMax) }))
        .toEqual(incremental.index.balanceAt(accountIds[0] ?? ('' as AccountId), { asOf: instantAt(offsetMax), knownAt: instantAt(offsetMax) }));
    } finally {
      database.close();
      incremental.database.close();
    }
  });
});
