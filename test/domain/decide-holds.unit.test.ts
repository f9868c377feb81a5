import { describe, expect, it } from 'vitest';
import { evolve, fold } from '../../domain/evolve.ts';
import { formatAmount, subtract } from '../../domain/money.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import {
  accountFrozen, amount, at, capture, charge, chargeDeclined, chargeHeld, chargeId, chargeReversed, charged, expireHold,
  heldChargeCaptured, hold, holdExpired, holdVoided, later, readyAccount, reverse, text, toppedUp, voidHold,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

// ledger / held / available of a state, as strings.
const balances = (state: AccountState): string =>
  state.status === 'open'
    ? `${formatAmount(state.balance)} / ${formatAmount(state.held)} / ${formatAmount(subtract(state.balance, state.held))}`
    : 'no account';
const c1 = chargeId('c1');
// Revisions: 0 opened, 1 registered, 2 verified, 3 topped up 100, 4 hold c1 of 80.
const funded = [...readyAccount(), toppedUp('t1', '100')] as const;
const held = [...funded, chargeHeld('c1', '80')] as const;
const expiresAt = at('2024-01-09T00:00:00Z');
const pastExpiry = at('2024-01-09T00:00:00.001Z');

describe('ChargeWallet with capture manual (a hold)', () => {
  it('reserves the amount: the ledger balance stays, the available balance drops', () => {
    const next = given(...funded).when(hold('c1', '80')).then(chargeHeld('c1', '80'));
    expect(balances(next)).toBe('100.00 / 80.00 / 20.00');
  });

  it('keeps an explicit holdExpiresAt as asked', () => {
    const asked = at('2024-01-20T00:00:00Z');
    given(...funded)
      .when(hold('c1', '80', { hold: { ledgerTime: later, expiresAt: asked } }))
      .then({ type: 'ChargeHeld', data: { ...charged('c1', '80').data, holdExpiresAt: asked } });
  });

  it.each([
    ['at the ledger clock', '2024-01-02T00:00:00Z'],
    ['before the ledger clock', '2023-12-31T00:00:00Z'],
    ['more than 30 days after the ledger clock', '2024-02-01T00:00:00.001Z'],
  ])('is hold_expiry_out_of_range for an expiry %s', (_what, iso) => {
    given(...funded)
      .when(hold('c1', '80', { hold: { ledgerTime: later, expiresAt: at(iso) } }))
      .thenRejects('hold_expiry_out_of_range', { earliest: '2024-01-02T00:00:00.000Z', latest: '2024-02-01T00:00:00.000Z' });
  });

  it('declines a hold the available balance does not cover, and records the attempt', () => {
    given(...funded).when(hold('c1', '100.01')).thenDeclines('insufficient_funds');
  });

  it('leaves held money to no later charge or hold (insufficient_funds names the available balance)', () => {
    const requested = { amount: '30', currency: 'USD' };
    const available = { amount: '20', currency: 'USD' };
    given(...held).when(charge('c2', '30')).thenRejects('insufficient_funds', { balance: available, requested });
    given(...held).when(hold('c2', '30')).thenRejects('insufficient_funds', { balance: available, requested });
    given(...held).when(charge('c2', '20')).then(charged('c2', '20'));
  });

  it('is a no-op answered by the hold when sent again with the same body, even at another ledger time', () => {
    given(...held).when(hold('c1', '80', { hold: { ledgerTime: at('2024-01-03T00:00:00Z') } })).thenReplays(4);
  });

  it.each([
    ['without capture manual', charge('c1', '80')],
    ['with an explicit expiry', hold('c1', '80', { hold: { ledgerTime: later, expiresAt: expiresAt } })],
    ['with another amount', hold('c1', '81')],
  ])('is idempotency_conflict when sent again %s', (_what, command) => {
    given(...held).when(command).thenRejects('idempotency_conflict', { commandKey: 'chargeId c1' });
  });

  it('declines the same hold again when its first attempt was declined', () => {
    given(...funded, chargeDeclined('c1', '500', 'insufficient_funds')).when(hold('c1', '500')).thenRejects('insufficient_funds', {
      balance: { amount: '100', currency: 'USD' },
      requested: { amount: '500', currency: 'USD' },
    });
  });
});

describe('CaptureHeldCharge', () => {
  it('charges the whole hold when no amount is given', () => {
    const next = given(...held).when(capture('c1')).then(heldChargeCaptured('c1', '80'));
    expect(balances(next)).toBe('20.00 / 0.00 / 20.00');
  });

  it('charges less than the hold and releases the rest', () => {
    const next = given(...held).when(capture('c1', { amount: amount('50') })).then(heldChargeCaptured('c1', '50', '80'));
    expect(balances(next)).toBe('50.00 / 0.00 / 50.00');
  });

  it('is capture_exceeds_hold for more than was held', () => {
    given(...held).when(capture('c1', { amount: amount('80.01') })).thenRejects('capture_exceeds_hold', {
      chargeId: c1,
      held: { amount: '80', currency: 'USD' },
      requested: { amount: '80.01', currency: 'USD' },
    });
  });

  it('is amount_scale_exceeded for more fraction digits than the currency has', () => {
    given(...held).when(capture('c1', { amount: amount('1.001') })).thenRejects('amount_scale_exceeded', { currency: 'USD', scaleMax: 2 });
  });

  it('is charge_not_found for an unknown or declined charge', () => {
    given(...held).when(capture('c9')).thenRejects('charge_not_found', { chargeId: chargeId('c9') });
    given(...held, chargeDeclined('c2', '500', 'insufficient_funds')).when(capture('c2'))
      .thenRejects('charge_not_found', { chargeId: chargeId('c2') });
  });

  it.each([
    ['a plain charge', [...funded, charged('c1', '80')]],
    ['a voided hold', [...held, holdVoided('c1', '80')]],
    ['an expired hold', [...held, holdExpired('c1', '80')]],
  ])('is charge_not_held for %s', (_what, history) => {
    given(...history).when(capture('c1')).thenRejects('charge_not_held', { chargeId: c1 });
  });

  it('is charge_not_held once the ledger clock reached the expiry, even before the expiry is recorded', () => {
    given(...held).when(capture('c1', { ledgerTime: expiresAt })).thenRejects('charge_not_held', { chargeId: c1 });
  });

  it('is account_frozen on a frozen account (the hold stays open)', () => {
    given(...held, accountFrozen()).when(capture('c1')).thenRejects('account_frozen');
  });

  it('is a no-op answered by the capture when sent again with the same body', () => {
    given(...held, heldChargeCaptured('c1', '80')).when(capture('c1')).thenReplays(5);
    given(...held, heldChargeCaptured('c1', '80')).when(capture('c1', { amount: amount('80'), ledgerTime: pastExpiry })).thenReplays(5);
    given(...held, heldChargeCaptured('c1', '50', '80')).when(capture('c1', { amount: amount('50') })).thenReplays(5);
  });

  it.each([
    ['another amount', capture('c1', { amount: amount('40') })],
    ['no amount (the whole hold)', capture('c1')],
    ['another occurredAt', capture('c1', { amount: amount('50'), occurredAt: at('2024-01-03T00:00:00Z') })],
  ])('is idempotency_conflict when sent again with %s', (_what, command) => {
    given(...held, heldChargeCaptured('c1', '50', '80')).when(command)
      .thenRejects('idempotency_conflict', { commandKey: 'capture of chargeId c1' });
  });
});

describe('VoidHold', () => {
  it('releases the whole hold', () => {
    const next = given(...held).when(voidHold('c1')).then(holdVoided('c1', '80'));
    expect(balances(next)).toBe('100.00 / 0.00 / 100.00');
  });

  it('is charge_not_held after a capture or past the expiry by the ledger clock', () => {
    given(...held, heldChargeCaptured('c1', '80')).when(voidHold('c1')).thenRejects('charge_not_held', { chargeId: c1 });
    given(...held).when(voidHold('c1', { ledgerTime: pastExpiry })).thenRejects('charge_not_held', { chargeId: c1 });
  });

  it('is a no-op when sent again with the same body, idempotency_conflict with another', () => {
    given(...held, holdVoided('c1', '80')).when(voidHold('c1')).thenReplays(5);
    given(...held, holdVoided('c1', '80')).when(voidHold('c1', { reason: text('other') }))
      .thenRejects('idempotency_conflict', { commandKey: 'void of chargeId c1' });
  });
});

describe('ExpireHold (issued by the ledger)', () => {
  it('records the release at the hold expiry, whenever the ledger noticed', () => {
    const next = given(...held).when(expireHold('c1', { occurredAt: at('2024-03-01T00:00:00Z') })).then(holdExpired('c1', '80'));
    expect(balances(next)).toBe('100.00 / 0.00 / 100.00');
  });

  it('is hold_not_expired before the expiry', () => {
    given(...held).when(expireHold('c1', { occurredAt: at('2024-01-08T23:59:59.999Z') }))
      .thenRejects('hold_not_expired', { chargeId: c1, expiresAt: '2024-01-09T00:00:00.000Z' });
  });

  it('is a no-op once expired, charge_not_held once captured or voided', () => {
    given(...held, holdExpired('c1', '80')).when(expireHold('c1')).thenReplays(5);
    given(...held, heldChargeCaptured('c1', '80')).when(expireHold('c1')).thenRejects('charge_not_held', { chargeId: c1 });
    given(...held, holdVoided('c1', '80')).when(expireHold('c1')).thenRejects('charge_not_held', { chargeId: c1 });
  });
});

describe('ReverseCharge of a hold', () => {
  it('credits the captured amount of a captured hold', () => {
    const next = given(...held, heldChargeCaptured('c1', '50', '80')).when(reverse('c1')).then(chargeReversed('c1', '50'));
    expect(balances(next)).toBe('100.00 / 0.00 / 100.00');
  });

  it('is charge_not_found for a hold never captured (no money moved)', () => {
    given(...held).when(reverse('c1')).thenRejects('charge_not_found', { chargeId: c1 });
    given(...held, holdVoided('c1', '80')).when(reverse('c1')).thenRejects('charge_not_found', { chargeId: c1 });
  });
});

describe('evolve asserts what decide refuses', () => {
  const state = fold(held, initialState());
  it.each([
    ['a hold beyond the available balance', chargeHeld('c2', '20.01')],
    ['a capture of a charge never held', heldChargeCaptured('c9', '1')],
    ['a capture of more than was held', heldChargeCaptured('c1', '81', '80')],
    ['a release of another amount', holdVoided('c1', '79')],
    ['a second hold with the same id', chargeHeld('c1', '1')],
  ])('refuses %s', (_what, event) => {
    expect(() => evolve(state, event)).toThrow(/ledger invariant broken/);
  });

  it('refuses a second settlement of one hold', () => {
    const settled = evolve(state, holdVoided('c1', '80'));
    expect(() => evolve(settled, holdExpired('c1', '80'))).toThrow(/already voided/);
    expect(() => evolve(settled, heldChargeCaptured('c1', '80'))).toThrow(/already voided/);
  });
});
