// The review pages of a dry run: every selected charge exactly once across pages, in the
// contract's order (accountId, then occurredAt), whatever order the scan found them in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerDecimal, money } from '../../../domain/money.ts';
import type { SelectedCharge } from '../../../projections/incidents/selected-charge.ts';
import { decodeCursor, encodeCursor, reviewPage } from '../../../projections/incidents/incident-review.ts';

const charge = (account: number, minute: number, id: number): SelectedCharge => ({
  accountId: `acct-${account}` as SelectedCharge['accountId'],
  chargeId: `charge-${id}` as SelectedCharge['chargeId'],
  deviceId: 'phone' as SelectedCharge['deviceId'],
  amount: money(new LedgerDecimal('100'), 'JPY'),
  occurredAt: `2019-07-03T00:${String(minute).padStart(2, '0')}:00.000Z` as SelectedCharge['occurredAt'],
  position: BigInt(id),
});

describe('incident review pages', () => {
  it('lists every charge once, sorted by account then occurredAt, page after page', () => {
    const charges = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 500 })), {
      maxLength: 60, selector: ([, , id]) => id,
    });
    fc.assert(fc.property(charges, fc.integer({ min: 1, max: 7 }), (tuples, pageSize) => {
      const selected = tuples.map(([account, minute, id]) => charge(account, minute, id));
      const seen: string[] = [];
      let after: readonly [string, string, string] | undefined;
      for (let pages = 0; pages <= selected.length; pages += 1) {
        const page = reviewPage(selected, after, pageSize);
        expect(page.selected.length).toBeLessThanOrEqual(pageSize);
        seen.push(...page.selected.map((row) => `${row.accountId} ${row.occurredAt} ${row.chargeId}`));
        if (page.selectedNext === null) break;
        after = decodeCursor(page.selectedNext);
      }
      const expected = selected.map((c) => `${c.accountId} ${c.occurredAt} ${c.chargeId}`).sort();
      expect(seen).toEqual(expected);
    }), { seed: 16, numRuns: 200 });
  });

  it('writes the contract fields and refuses a cursor it did not write', () => {
    expect(reviewPage([charge(1, 5, 1)], undefined).selected).toEqual([
      { accountId: 'acct-1', chargeId: 'charge-1', amount: '100', currency: 'JPY', occurredAt: '2019-07-03T00:05:00.000Z', deviceId: 'phone' },
    ]);
    expect(decodeCursor(encodeCursor(['a', 'b', 'c']))).toEqual(['a', 'b', 'c']);
    for (const bad of ['', 'not a cursor!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});
