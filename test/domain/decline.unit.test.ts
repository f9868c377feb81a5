import { describe, expect, it } from 'vitest';
import type { Command } from '../../domain/commands.ts';
import { declinedAttempt, rejectionFromCode } from '../../domain/decline.ts';
import { fold } from '../../domain/evolve.ts';
import { money } from '../../domain/money.ts';
import type { Rejection } from '../../domain/rejections.ts';
import { type AccountState, type OpenAccountState, initialState } from '../../domain/state.ts';
import {
  accountId, amount, charge, chargeDeclined, freeze, phone, readyAccount, registerDevice, reverse, text, topUp, toppedUp,
} from './fixtures.ts';
import { stored } from './given-when-then.ts';

const open = (state: AccountState): OpenAccountState => {
  if (state.status !== 'open') throw new Error('expected an open account');
  return state;
};
const ready = open(fold([...readyAccount(), toppedUp('t1', '10')], initialState()));
const insufficient: Rejection = { code: 'insufficient_funds', accountId, balance: ready.balance, requested: money(amount('50'), 'USD') };

describe('declinedAttempt', () => {
  it('records a refused charge once, with its body and the reason', () => {
    const command = charge('c1', '50', { category: text('games') });
    const evidence = declinedAttempt(command, insufficient, ready);
    const expected = chargeDeclined('c1', '50', 'insufficient_funds');
    expect(stored(evidence)).toEqual(stored([{ ...expected, data: { ...expected.data, category: text('games') } }]));
  });

  it('records nothing for a charge id the account already knows', () => {
    const afterDecline = open(fold(declinedAttempt(charge('c1', '50'), insufficient, ready), ready));
    expect(declinedAttempt(charge('c1', '50'), insufficient, afterDecline)).toEqual([]);
  });

  it.each<Rejection>([
    { code: 'currency_mismatch', accountId, expected: 'USD', actual: 'EUR' },
    { code: 'amount_scale_exceeded', accountId, currency: 'USD', scaleMax: 2 },
    { code: 'idempotency_conflict', accountId, commandKey: 'chargeId c1' },
    { code: 'account_not_found', accountId },
  ])('records nothing for a charge refused with $code (a form error or a conflict)', (rejection) => {
    expect(declinedAttempt(charge('c1', '1'), rejection, ready)).toEqual([]);
  });

  it.each<Command>([topUp('t2', '1'), reverse('c1'), registerDevice(), freeze({ reason: text('x') })])(
    'records nothing for a refused $kind',
    (command) => {
      expect(declinedAttempt(command, { code: 'account_frozen', accountId }, ready)).toEqual([]);
    },
  );

  it('records nothing on an account that does not exist', () => {
    expect(declinedAttempt(charge('c1', '1'), { code: 'account_not_found', accountId }, initialState())).toEqual([]);
  });
});

describe('rejectionFromCode', () => {
  it('rebuilds each recorded rejection for a retry', () => {
    const command = charge('c1', '50');
    expect(rejectionFromCode('account_frozen', command, ready)).toEqual({ code: 'account_frozen', accountId });
    expect(rejectionFromCode('device_not_verified', command, ready)).toEqual({ code: 'device_not_verified', accountId, deviceId: phone });
    expect(rejectionFromCode('device_not_registered', command, ready)).toEqual({ code: 'device_not_registered', accountId, deviceId: phone });
    expect(JSON.stringify(rejectionFromCode('insufficient_funds', command, ready))).toBe(JSON.stringify(insufficient));
  });

  it('throws for a code that is never recorded (a broken invariant)', () => {
    expect(() => rejectionFromCode('currency_mismatch', charge('c1', '1'), ready)).toThrow(/invariant/);
  });
});
