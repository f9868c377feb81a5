import { describe, expect, it } from 'vitest';
import { declinedAttempt } from '../../domain/decline.ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { formatAmount, money } from '../../domain/money.ts';
import {
  accountFrozen, accountUnfrozen, amount, charge, chargeDeclined, charged, deviceId, deviceRegistered, deviceRemoved, merchantId,
  readyAccount, text, toppedUp,
} from './fixtures.ts';
import { given } from './given-when-then.ts';

const funded = (value = '100') => [...readyAccount(), toppedUp('t1', value)] as const;
const usd = (value: string) => money(amount(value), 'USD');

describe('ChargeWallet accepted', () => {
  it('debits the wallet', () => {
    const next = given(...funded()).when(charge('c1', '30.25')).then(charged('c1', '30.25'));
    expect(next.status === 'open' && formatAmount(next.balance)).toBe('69.75');
  });

  it('keeps the optional category', () => {
    given(...funded()).when(charge('c1', '1', { category: text('groceries') })).then(charged('c1', '1', 'USD', { category: text('groceries') }));
  });

  it('may spend the balance exactly, down to zero', () => {
    const next = given(...funded('10.10')).when(charge('c1', '10.10')).then(charged('c1', '10.10'));
    expect(next.status === 'open' && formatAmount(next.balance)).toBe('0.00');
  });

  it('is accepted again after the account is unfrozen', () => {
    given(...funded(), accountFrozen(), accountUnfrozen()).when(charge('c1', '1')).then(charged('c1', '1'));
  });
});

describe('ChargeWallet declined (recorded once as ChargeDeclined)', () => {
  it('is insufficient_funds when the balance does not cover the amount', () => {
    const outcome = given(...funded('10')).when(charge('c1', '10.01'));
    outcome.thenRejects('insufficient_funds', { balance: usd('10'), requested: usd('10.01') });
    outcome.thenDeclines('insufficient_funds');
  });

  it('is insufficient_funds on an account never topped up', () => {
    given(...readyAccount()).when(charge('c1', '0.01')).thenDeclines('insufficient_funds');
  });

  it('is device_not_registered for a device the account does not know', () => {
    const stranger = deviceId('dev-stranger');
    const outcome = given(...funded()).when(charge('c1', '1', { deviceId: stranger }));
    outcome.thenRejects('device_not_registered', { deviceId: stranger });
    outcome.thenDeclines('device_not_registered');
  });

  it('is device_not_registered for a removed device', () => {
    given(...funded(), deviceRemoved()).when(charge('c1', '1')).thenDeclines('device_not_registered');
  });

  it('is device_not_verified for a registered but unverified device', () => {
    const fresh = deviceId('dev-fresh');
    const outcome = given(...funded(), deviceRegistered({ deviceId: fresh })).when(charge('c1', '1', { deviceId: fresh }));
    outcome.thenRejects('device_not_verified', { deviceId: fresh });
    outcome.thenDeclines('device_not_verified');
  });

  it('is account_frozen on a frozen account, whatever else is wrong', () => {
    given(...funded(), accountFrozen()).when(charge('c1', '1')).thenDeclines('account_frozen');
    given(...funded(), accountFrozen()).when(charge('c1', '1000')).thenDeclines('account_frozen');
  });

  it('answers a retry of a declined charge with the same rejection and records nothing more', () => {
    const history = [...funded('10'), chargeDeclined('c1', '50', 'insufficient_funds')];
    const outcome = given(...history).when(charge('c1', '50'));
    outcome.thenRejects('insufficient_funds', { balance: usd('10'), requested: usd('50') });
    expect(isLeft(outcome.decision) && declinedAttempt(charge('c1', '50'), outcome.decision.left, outcome.state)).toEqual([]);
  });

  it('keeps declining a declined charge id even once the balance would cover it', () => {
    given(...funded('10'), chargeDeclined('c1', '50', 'insufficient_funds'), toppedUp('t2', '100'))
      .when(charge('c1', '50'))
      .thenRejects('insufficient_funds', { balance: usd('110'), requested: usd('50') });
  });

  it('is idempotency_conflict when a declined charge id comes back with another body', () => {
    given(...funded('10'), chargeDeclined('c1', '50', 'insufficient_funds'))
      .when(charge('c1', '5'))
      .thenRejects('idempotency_conflict', { commandKey: 'chargeId c1' });
  });
});

describe('ChargeWallet refused for its form (not recorded)', () => {
  it('is currency_mismatch when the command names another currency', () => {
    const outcome = given(...funded()).when(charge('c1', '1', { currency: 'EUR' }));
    const rejection = outcome.thenRejects('currency_mismatch', { expected: 'USD', actual: 'EUR' });
    expect(declinedAttempt(charge('c1', '1', { currency: 'EUR' }), rejection, outcome.state)).toEqual([]);
  });

  it('is amount_scale_exceeded for more fraction digits than the currency has', () => {
    const outcome = given(...funded()).when(charge('c1', '1.005'));
    const rejection = outcome.thenRejects('amount_scale_exceeded', { currency: 'USD', scaleMax: 2 });
    expect(declinedAttempt(charge('c1', '1.005'), rejection, outcome.state)).toEqual([]);
  });

  it('is amount_scale_exceeded for an amount written with more digits than the currency has, even zeros', () => {
    given(...funded()).when(charge('c1', '1', { amountFractionDigits: 3 })).thenRejects('amount_scale_exceeded', { currency: 'USD', scaleMax: 2 });
    // "1.50" is within USD's two digits: the same charge as "1.5".
    given(...funded()).when(charge('c1', '1.5', { amountFractionDigits: 2 })).then(charged('c1', '1.5'));
  });

  it('checks the form before the account state: a bad amount on a frozen account records nothing', () => {
    const outcome = given(...funded(), accountFrozen()).when(charge('c1', '1.005'));
    const rejection = outcome.thenRejects('amount_scale_exceeded', { currency: 'USD', scaleMax: 2 });
    expect(declinedAttempt(charge('c1', '1.005'), rejection, outcome.state)).toEqual([]);
  });

  it('checks the currency before the device: a JPY amount for an unknown device records nothing', () => {
    const outcome = given(...funded()).when(charge('c1', '12.5', { currency: 'JPY', deviceId: deviceId('dev-x') }));
    outcome.thenRejects('currency_mismatch', { expected: 'USD', actual: 'JPY' });
  });
});

describe('ChargeWallet idempotency', () => {
  it('is a no-op answered by the original event when sent again with the same body', () => {
    given(...funded(), charged('c1', '12.50')).when(charge('c1', '12.50')).thenReplays(4);
  });

  it('treats "12.50" and "12.5" as the same body', () => {
    given(...funded(), charged('c1', '12.50')).when(charge('c1', '12.5')).thenReplays(4);
  });

  it('answers the original result even when the balance no longer covers the amount', () => {
    given(...funded('10'), charged('c1', '10')).when(charge('c1', '10')).thenReplays(4);
  });

  it('answers the original result for a retry after the account was frozen', () => {
    given(...funded(), charged('c1', '10'), accountFrozen()).when(charge('c1', '10')).thenReplays(4);
  });

  it.each([
    ['another amount', charge('c1', '12.51')],
    ['another merchant', charge('c1', '12.50', { merchantId: merchantId('merchant-2') })],
    ['a category', charge('c1', '12.50', { category: text('travel') })],
  ])('is idempotency_conflict when the same chargeId comes with %s', (_what, command) => {
    given(...funded(), charged('c1', '12.50')).when(command).thenRejects('idempotency_conflict', { commandKey: 'chargeId c1' });
  });
});
