// Random account histories for property tests: top-ups, charges and reversals of earlier charges
// over two accounts, with occurredAt and recordedAt drawn independently from a few seconds (so
// ties, late arrivals in valid time and out-of-order recording all happen), as StoredEvents.
import fc from 'fast-check';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { type Instant, instantFromEpochMs } from '../../../domain/instant.ts';
import { type ReferenceState, referenceEvolve, referenceInitial } from '../../../projections/balance/bitemporal-balance.ts';

export const baseMs = Date.parse('2024-03-01T00:00:00.000Z');
export const offsetMax = 40;
export const instantAt = (offset: number): Instant => instantFromEpochMs(baseMs + offset * 1000);
export const accountA = 'acc-a' as AccountId;
export const accountB = 'acc-b' as AccountId;
export const accountIds: ReadonlyArray<AccountId> = [accountA, accountB];

export type Step = Readonly<{
  kind: 'top_up' | 'charge' | 'reversal';
  account: number;
  cents: number;
  occurred: number;
  recorded: number;
  target: number;
}>;

export const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('top_up', 'charge', 'charge', 'reversal'),
  account: fc.integer({ min: 0, max: 1 }),
  cents: fc.integer({ min: 1, max: 99_999 }),
  occurred: fc.integer({ min: 0, max: offsetMax }),
  recorded: fc.integer({ min: 0, max: offsetMax }),
  target: fc.nat(),
});

const money = (cents: number) => ({ amount: (cents / 100).toFixed(2), currency: 'USD' });

export const historyOf = (steps: ReadonlyArray<Step>): StoredEvent[] => {
  const events: StoredEvent[] = [];
  const revisions = [0, 0];
  const charges: Array<Array<{ chargeId: string; cents: number }>> = [[], []];
  const push = (account: number, type: string, data: Record<string, unknown>, occurredAt: Instant, recordedAt: Instant) => {
    const accountId = accountIds[account] ?? accountA;
    events.push({
      streamId: `account-${accountId}`, revision: revisions[account] ?? 0, position: BigInt(events.length + 1), type,
      data: { accountId, occurredAt, ...data }, occurredAt, recordedAt, hash: 'h', previousHash: 'p',
    });
    revisions[account] = (revisions[account] ?? 0) + 1;
  };
  for (const account of [0, 1]) push(account, 'AccountOpened', { currency: 'USD', homeCountry: 'JP' }, instantAt(0), instantAt(0));
  steps.forEach((step, index) => {
    const occurredAt = instantAt(step.occurred);
    const recordedAt = instantAt(step.recorded);
    const open = charges[step.account] ?? [];
    if (step.kind === 'charge') {
      const chargeId = `c-${index}`;
      open.push({ chargeId, cents: step.cents });
      const device = { merchantId: 'm', storeId: 's', deviceId: 'd' };
      // One charge in three is a captured hold: a charge from the capture (its own occurredAt, part
      // of the hold); one in three also leaves an open hold, which no balance counts.
      const holdExpiresAt = instantAt(offsetMax + 1);
      if (step.target % 3 === 1) {
        const hold = { chargeId, amount: money(step.cents + 7), holdExpiresAt, ...device };
        push(step.account, 'ChargeHeld', hold, instantAt(Math.max(0, step.occurred - (step.target % 5))), recordedAt);
        push(step.account, 'HeldChargeCaptured', { chargeId, amount: money(step.cents), heldAmount: money(step.cents + 7) }, occurredAt, recordedAt);
        return;
      }
      if (step.target % 3 === 2) {
        push(step.account, 'ChargeHeld', { chargeId: `h-${index}`, amount: money(step.cents), holdExpiresAt, ...device }, occurredAt, recordedAt);
      }
      push(step.account, 'WalletCharged', { chargeId, amount: money(step.cents), ...device }, occurredAt, recordedAt);
    } else if (step.kind === 'reversal' && open.length > 0) {
      const [charge] = open.splice(step.target % open.length, 1);
      if (charge === undefined) return;
      push(step.account, 'ChargeReversed', { chargeId: charge.chargeId, amount: money(charge.cents), reason: 'r' }, occurredAt, recordedAt);
    } else {
      push(step.account, 'WalletToppedUp', { topUpId: `t-${index}`, amount: money(step.cents), source: 'card' }, occurredAt, recordedAt);
    }
  });
  return events;
};

export const referenceOf = (events: ReadonlyArray<StoredEvent>, accountId: AccountId): ReferenceState =>
  events
    .filter((event) => event.data.accountId === accountId)
    .reduce((state, event) => referenceEvolve(state, toLedgerEvent(event), event.recordedAt as Instant), referenceInitial);

export const queryArbitrary = fc.record({
  asOf: fc.integer({ min: -1, max: offsetMax + 1 }).map(instantAt),
  knownAt: fc.integer({ min: -1, max: offsetMax + 1 }).map(instantAt),
});

// Cuts events into consecutive batches of random sizes, as a subscription would deliver them.
export const batchesOf = <T>(items: ReadonlyArray<T>, sizes: ReadonlyArray<number>): T[][] => {
  const batches: T[][] = [];
  let at = 0;
  for (let index = 0; at < items.length; index += 1) {
    const size = sizes.length === 0 ? items.length : Math.max(1, sizes[index % sizes.length] ?? 1);
    batches.push(items.slice(at, at + size));
    at += size;
  }
  return batches;
};
