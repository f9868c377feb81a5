import { describe, expect, it } from 'vitest';
import { formatAmount } from '../../domain/money.ts';
import type { AccountState } from '../../domain/state.ts';
import {
  accountFrozen, at, charge, chargeDeclined, chargeId, chargeReversed, charged, incidentId, readyAccount, reverse, text, toppedUp,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

const balance = (state: AccountState): string => (state.status === 'open' ? formatAmount(state.balance) : 'no account');
// Revisions: 0 opened, 1 registered, 2 verified, 3 topped up 100, 4 charged 30.10.
const spent = [...readyAccount(), toppedUp('t1', '100'), charged('c1', '30.10')] as const;

describe('ReverseCharge', () => {
  it('credits exactly the charged amount, whatever the reversal says', () => {
    const next = given(...spent).when(reverse('c1')).then(chargeReversed('c1', '30.10'));
    expect(balance(next)).toBe('100.00');
  });

  it('carries the incident id when one is given', () => {
    const incident = incidentId('inc-7');
    given(...spent).when(reverse('c1', { incidentId: incident })).then(chargeReversed('c1', '30.10', 'USD', { incidentId: incident }));
  });

  it('reverses a charge on a frozen account (finance works on frozen accounts)', () => {
    given(...spent, accountFrozen()).when(reverse('c1')).then(chargeReversed('c1', '30.10'));
  });

  it('is charge_not_found for a charge id the account never saw', () => {
    given(...spent).when(reverse('c9')).thenRejects('charge_not_found', { chargeId: chargeId('c9') });
  });

  it('is charge_not_found for a charge that was declined', () => {
    given(...spent, chargeDeclined('c2', '500', 'insufficient_funds'))
      .when(reverse('c2'))
      .thenRejects('charge_not_found', { chargeId: chargeId('c2') });
  });

  it('is a no-op answered by the reversal when sent again with the same body: credited once', () => {
    const outcome = given(...spent, chargeReversed('c1', '30.10')).when(reverse('c1'));
    outcome.thenReplays(5);
    expect(balance(outcome.state)).toBe('100.00');
  });

  it.each([
    ['another reason', reverse('c1', { reason: text('fraud') })],
    ['an incident id', reverse('c1', { incidentId: incidentId('inc-1') })],
    ['another occurredAt', reverse('c1', { occurredAt: at('2031-01-01T00:00:00Z') })],
  ])('is charge_already_reversed when sent again with %s', (_what, command) => {
    const outcome = given(...spent, chargeReversed('c1', '30.10')).when(command);
    outcome.thenRejects('charge_already_reversed', { chargeId: chargeId('c1') });
    expect(balance(outcome.state)).toBe('100.00');
  });

  it('keeps answering the original charge for its charge id after the reversal (no second debit)', () => {
    given(...spent, chargeReversed('c1', '30.10')).when(charge('c1', '30.10')).thenReplays(4);
  });
});
