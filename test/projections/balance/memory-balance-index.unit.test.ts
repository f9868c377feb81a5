import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Money } from '../../../domain/money.ts';
import { referenceBalance } from '../../../projections/balance/bitemporal-balance.ts';
import { createMemoryBalanceIndex } from '../../../projections/balance/memory-balance-index.ts';
import type { MemoryTransaction } from '../../../projections/runner/memory-projection-persistence.ts';
import { accountA, accountIds, batchesOf, historyOf, instantAt, queryArbitrary, referenceOf, stepArbitrary } from '../support/random-history.ts';

const tx: MemoryTransaction = { onRollback: () => undefined };
const text = (money: Money | undefined) => (money === undefined ? undefined : `${money.amount.toFixed()} ${money.currency}`);

describe('memory balance index', () => {
  // Tiny leaves and chunks, so that splits, sealed chunks and straddling chunks all occur.
  it.each([
    { leafPointsMax: 1, chunkPointsMax: 2 },
    { leafPointsMax: 3, chunkPointsMax: 5 },
    { leafPointsMax: 512, chunkPointsMax: 1024 },
  ])('agrees with the reference fold for any history and question (%o)', (parameters) => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 5 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 15 }),
        (steps, batchSizes, queries) => {
          const events = historyOf(steps);
          const index = createMemoryBalanceIndex('balance', parameters);
          for (const batch of batchesOf(events, batchSizes)) index.projection.applyBatch(tx, batch);
          for (const accountId of accountIds) {
            const reference = referenceOf(events, accountId);
            for (const query of queries) {
              const expected = referenceBalance(reference, query);
              const actual = index.balanceAt(accountId, query);
              expect(text(actual?.ledgerBalance)).toBe(text(expected?.ledgerBalance));
              expect(text(actual?.correctedBalance)).toBe(text(expected?.correctedBalance));
            }
          }
        },
      ),
      { seed: 20240301, numRuns: 300 },
    );
  });

  it('voids a charge in correctedBalance once its reversal is known, whenever the reversal occurred', () => {
    const events = historyOf([
      { kind: 'top_up', account: 0, cents: 10_000, occurred: 1, recorded: 1, target: 0 },
      { kind: 'charge', account: 0, cents: 3_000, occurred: 5, recorded: 5, target: 0 },
      { kind: 'reversal', account: 0, cents: 0, occurred: 20, recorded: 10, target: 0 },
    ]);
    const index = createMemoryBalanceIndex();
    index.projection.applyBatch(tx, events);
    const at = (asOf: number, knownAt: number) => index.balanceAt(accountA, { asOf: instantAt(asOf), knownAt: instantAt(knownAt) });
    // Before the reversal is known: the charge counts in both.
    expect(text(at(15, 9)?.ledgerBalance)).toBe('70 USD');
    expect(text(at(15, 9)?.correctedBalance)).toBe('70 USD');
    // Known, but it credits only at its own occurredAt (20): ledger still short, corrected is not.
    expect(text(at(15, 10)?.ledgerBalance)).toBe('70 USD');
    expect(text(at(15, 10)?.correctedBalance)).toBe('100 USD');
    expect(text(at(25, 10)?.ledgerBalance)).toBe('100 USD');
    expect(text(at(25, 10)?.correctedBalance)).toBe('100 USD');
  });

  it('refuses to answer after a failed batch until it is rebuilt', () => {
    const index = createMemoryBalanceIndex();
    const undos: Array<() => void> = [];
    const events = historyOf([{ kind: 'charge', account: 0, cents: 100, occurred: 1, recorded: 1, target: 0 }]);
    const orphanReversal = { ...events[2], type: 'ChargeReversed', data: { ...events[2]?.data, chargeId: 'c-unknown', reason: 'r' } };
    expect(() => index.projection.applyBatch({ onRollback: (undo) => undos.push(undo) }, [...events, orphanReversal as (typeof events)[number]])).toThrow(/unknown charge/);
    for (const undo of undos) undo();
    const query = { asOf: instantAt(5), knownAt: instantAt(5) };
    expect(() => index.balanceAt(accountA, query)).toThrow(/rebuild/);
    index.projection.reset(tx);
    index.projection.applyBatch(tx, events);
    expect(text(index.balanceAt(accountA, query)?.ledgerBalance)).toBe('-1 USD');
  });

  it('answers undefined for an account it never saw opened', () => {
    const index = createMemoryBalanceIndex();
    expect(index.balanceAt(accountA, { asOf: instantAt(1), knownAt: instantAt(1) })).toBeUndefined();
  });
});
