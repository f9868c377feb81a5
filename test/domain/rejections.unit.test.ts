import { describe, expect, it } from 'vitest';
import { RejectionCodeCodec } from '../../domain/rejection-code.ts';
import { type Rejection, rejectionMessage } from '../../domain/rejections.ts';
import { accountId, amount, at, chargeId, phone, text } from './fixtures.ts';
import { money } from '../../domain/money.ts';

const usd = money(amount('1'), 'USD');
const oneOfEach: ReadonlyArray<Rejection> = [
  { code: 'insufficient_funds', accountId, balance: usd, requested: usd },
  { code: 'device_not_registered', accountId, deviceId: phone },
  { code: 'device_not_verified', accountId, deviceId: phone },
  { code: 'account_frozen', accountId },
  { code: 'account_exists', accountId },
  { code: 'account_not_found', accountId },
  { code: 'charge_not_found', accountId, chargeId: chargeId('c1') },
  { code: 'charge_already_reversed', accountId, chargeId: chargeId('c1') },
  { code: 'device_already_registered', accountId, deviceId: phone },
  { code: 'currency_mismatch', accountId, expected: 'USD', actual: 'JPY' },
  { code: 'idempotency_conflict', accountId, commandKey: 'chargeId c1' },
  { code: 'amount_scale_exceeded', accountId, currency: 'JPY', scaleMax: 0 },
  { code: 'charge_not_held', accountId, chargeId: chargeId('c1') },
  { code: 'capture_exceeds_hold', accountId, chargeId: chargeId('c1'), held: usd, requested: usd },
  { code: 'hold_not_expired', accountId, chargeId: chargeId('c1'), expiresAt: at('2024-01-09T00:00:00Z') },
  { code: 'hold_expiry_out_of_range', accountId, earliest: at('2024-01-02T00:00:00Z'), latest: at('2024-02-01T00:00:00Z') },
  { code: 'step_up_required', accountId, chargeId: chargeId('c1'), reasons: [text('amount-over-threshold')] },
];

describe('rejections', () => {
  it('has one example here for every code of the contract', () => {
    expect(oneOfEach.map((rejection) => rejection.code).sort()).toEqual(Object.keys(RejectionCodeCodec.keys).sort());
  });

  it.each(oneOfEach.map((rejection) => [rejection.code, rejection] as const))('gives %s a human sentence', (_code, rejection) => {
    expect(rejectionMessage(rejection)).toMatch(/^\S.{10,}\.$/);
  });
});
