import { describe, expect, it } from 'vitest';
import { eventDetail, signedAmount } from '../../../adapters/cli/event-summary.ts';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';

const stored = (type: string, data: Record<string, unknown>): StoredEvent => ({
  streamId: 'account-acc-1', revision: 0, position: 1n, type, data: { accountId: 'acc-1', ...data },
  occurredAt: '2024-05-01T00:00:00.000Z', recordedAt: '2024-05-01T00:00:00.000Z', hash: 'h', previousHash: 'p',
});
const jpy = (amount: string) => ({ amount, currency: 'JPY' });

describe('event summary of holds (CLI history)', () => {
  it.each([
    ['ChargeHeld', { chargeId: 'h-1', amount: jpy('600'), holdExpiresAt: '2024-05-08T00:00:00.000Z' }, '600', 'chargeId=h-1 holdExpiresAt=2024-05-08T00:00:00.000Z'],
    ['HeldChargeCaptured', { chargeId: 'h-1', amount: jpy('500'), heldAmount: jpy('600') }, '-500', 'chargeId=h-1'],
    ['HoldVoided', { chargeId: 'h-1', amount: jpy('600'), reason: 'cancelled' }, '600', 'chargeId=h-1 reason=cancelled'],
    ['HoldExpired', { chargeId: 'h-1', amount: jpy('600') }, '600', 'chargeId=h-1'],
    // Step-up: the rules that held it, the method that captured it, the rules that refused it.
    ['ChargeHeld', { chargeId: 's-1', amount: jpy('600'), holdExpiresAt: '2024-05-08T00:00:00.000Z', stepUpReasons: ['foreign-login-recently', 'amount-over-threshold'] }, '600',
      'chargeId=s-1 holdExpiresAt=2024-05-08T00:00:00.000Z stepUpReasons=foreign-login-recently,amount-over-threshold'],
    ['HeldChargeCaptured', { chargeId: 's-1', amount: jpy('600'), heldAmount: jpy('600'), stepUpMethod: 'passkey' }, '-600', 'chargeId=s-1 stepUpMethod=passkey'],
    ['ChargeDeclined', { chargeId: 's-2', amount: jpy('600'), rejection: 'step_up_required', stepUpReasons: ['amount-over-threshold'] }, '600',
      'chargeId=s-2 rejection=step_up_required stepUpReasons=amount-over-threshold'],
    ['WalletCharged', { chargeId: 'c-1', amount: jpy('100') }, '-100', 'chargeId=c-1'],
  ])('%s: amount %s', (type, data, amount, detail) => {
    const event = stored(type, data);
    expect([signedAmount(event), eventDetail(event)]).toEqual([amount, detail]);
  });
});
