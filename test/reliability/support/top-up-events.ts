// Valid stored-event payloads for bulk appends straight to a store (tests that need many events
// fast): an opened JPY account and top-ups of 1 yen.
import type { NewEvent } from '../../../domain/ports/event-store.ts';

const occurredAt = '2024-05-01T01:00:00.000Z';

export const openedEvent = (accountId: string): NewEvent => ({
  type: 'AccountOpened', occurredAt, data: { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt },
});

export const topUpEvents = (accountId: string, count: number, prefix = 't'): ReadonlyArray<NewEvent> =>
  Array.from({ length: count }, (_, index) => ({
    type: 'WalletToppedUp',
    occurredAt,
    data: { accountId, topUpId: `${prefix}-${index}`, amount: { amount: '1', currency: 'JPY' }, source: 'bulk', occurredAt },
  }));
