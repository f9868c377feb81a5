// Ledger events for detector tests, written as the wire would (strings), decoded by the real codec
// and wrapped as stored events at consecutive global positions.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { toNewEvent } from '../../../adapters/event-store/ledger-events.ts';
import { LedgerEventCodec, accountStreamId } from '../../../domain/events.ts';

export type Timeline = Readonly<{ add: (type: string, data: Record<string, unknown>) => StoredEvent; events: () => StoredEvent[] }>;

export const timeline = (): Timeline => {
  const events: StoredEvent[] = [];
  return {
    add: (type, data) => {
      const decoded = LedgerEventCodec.decode({ type, data });
      if (isLeft(decoded)) throw new Error(`fixture: ${type} ${JSON.stringify(data)} does not decode`);
      const event = toNewEvent(decoded.right);
      const stored: StoredEvent = {
        streamId: accountStreamId(decoded.right.data.accountId),
        revision: 0,
        position: BigInt(events.length + 1),
        type: event.type,
        data: event.data,
        occurredAt: event.occurredAt,
        recordedAt: event.occurredAt,
        hash: '',
        previousHash: '',
      };
      events.push(stored);
      return stored;
    },
    events: () => [...events],
  };
};

export const at = (time: string): string => `2019-07-03T${time}+09:00`;

export const opened = (t: Timeline, accountId: string, time = '00:00:00', homeCountry = 'JP') =>
  t.add('AccountOpened', { accountId, currency: 'JPY', homeCountry, occurredAt: at(time) });
export const registered = (t: Timeline, accountId: string, deviceId: string, time: string) =>
  t.add('DeviceRegistered', { accountId, deviceId, occurredAt: at(time) });
export const verified = (t: Timeline, accountId: string, deviceId: string, time: string) =>
  t.add('DeviceVerified', { accountId, deviceId, method: 'sms_otp', occurredAt: at(time) });
export const loggedIn = (t: Timeline, accountId: string, deviceId: string, country: string, time: string, outcome = 'succeeded') =>
  t.add('LoginRecorded', { accountId, loginId: `login-${time}`, deviceId, ipAddress: '192.0.2.1', country, outcome, occurredAt: at(time) });
export const charged = (t: Timeline, accountId: string, deviceId: string, amount: string, time: string, storeId = 'store-unknown') =>
  t.add('WalletCharged', {
    accountId, chargeId: `charge-${accountId}-${time}`, amount: { amount, currency: 'JPY' }, merchantId: 'm-1', storeId, deviceId, occurredAt: at(time),
  });
