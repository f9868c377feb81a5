import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Money } from '../../../domain/money.ts';
import { referenceBalance } from '../../../projections/balance/bitemporal-balance.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { accountIds, batchesOf, historyOf, queryArbitrary, referenceOf, stepArbitrary } from '../support/random-history.ts';

const text = (money: Money | undefined) => (money === undefined ? undefined : `${money.amount.toFixed()} ${money.currency}`);

describe('sqlite balance index', () => {
  it.each([
    { leafPointsMax: 1, chunkPointsMax: 2 },
    { leafPointsMax: 4, chunkPointsMax: 3 },
  ])('agrees with the reference fold for any history and question (%o)', (parameters) => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 4 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 10 }),
        (steps, batchSizes, queries) => {
          const database = new Database(':memory:');
          try {
            const persistence = createSqliteProjectionPersistence(database);
            const index = createSqliteBalanceIndex(database, parameters);
            const events = historyOf(steps);
            for (const batch of batchesOf(events, batchSizes)) {
              persistence.transaction((tx) => index.projection.applyBatch(tx, batch));
            }
            for (const accountId of accountIds) {
              const reference = referenceOf(events, accountId);
              for (const query of queries) {
                const expected = referenceBalance(reference, query);
                const actual = index.balanceAt(accountId, query);
                expect(text(actual?.ledgerBalance)).toBe(text(expected?.ledgerBalance));
                expect(text(actual?.correctedBalance)).toBe(text(expected?.correctedBalance));
              }
            }
          } finally {
            database.close();
          }
        },
      ),
      { seed: 20240302, numRuns: 120 },
    );
  });

  it('refuses to reopen its tables with other parameters', () => {
    const database = new Database(':memory:');
    createSqliteBalanceIndex(database, { leafPointsMax: 4, chunkPointsMax: 8 });
    expect(() => createSqliteBalanceIndex(database, { leafPointsMax: 8, chunkPointsMax: 8 })).toThrow(/other parameters/);
    database.close();
  });
});
