// Ledger events as the command path would append them (already in their stored, canonical shape).
import type { NewEvent } from '../../../domain/ports/event-store.ts';
import { type Instant, instantFromEpochMs } from '../../../domain/instant.ts';

export const fixtureBaseMs = Date.parse('2024-05-01T00:00:00.000Z');
export const minuteAt = (minute: number): Instant => instantFromEpochMs(fixtureBaseMs + minute * 60_000);

const event = (type: string, accountId: string, minute: number, data: Record<string, unknown>): NewEvent => ({
  type, occurredAt: minuteAt(minute), data: { accountId, occurredAt: minuteAt(minute), ...data },
});

export const opened = (accountId: string, minute = 0): NewEvent =>
  event('AccountOpened', accountId, minute, { currency: 'JPY', homeCountry: 'JP' });
export const toppedUp = (accountId: string, minute: number, amount: string, topUpId: string): NewEvent =>
  event('WalletToppedUp', accountId, minute, { topUpId, amount: { amount, currency: 'JPY' }, source: 'card' });
export const charged = (accountId: string, minute: number, amount: string, chargeId: string): NewEvent =>
  event('WalletCharged', accountId, minute, {
    chargeId, amount: { amount, currency: 'JPY' }, merchantId: 'm-1', storeId: 's-1', deviceId: 'd-1',
  });
export const reversed = (accountId: string, minute: number, amount: string, chargeId: string): NewEvent =>
  event('ChargeReversed', accountId, minute, { chargeId, amount: { amount, currency: 'JPY' }, reason: 'fraud' });
export const loggedIn = (accountId: string, minute: number, loginId: string): NewEvent =>
  event('LoginRecorded', accountId, minute, { loginId, deviceId: 'd-1', ipAddress: '10.0.0.1', country: 'JP', outcome: 'succeeded' });
