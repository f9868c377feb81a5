// The read side's view of holds: every ChargeHeld not yet captured, voided or expired, with its
// expiry, for the hold-expiry process (adapters/processes/hold-expiry.ts), and every hold's stamps
// for the bitemporal held balance (held-balance.ts). What is expired is decided and recorded by the
// account's decider. Here: what a hold event says (shared with the read file's view,
// sqlite-open-holds.ts), and the view in memory, for the memory store (rebuilt at every start).
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { AccountId, ChargeId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import { type Currency, type Money, MoneyCodec } from '../../domain/money.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import type { Projection } from '../runner/projection.ts';
import { type HoldRecord, heldAt } from './held-balance.ts';

export type OpenHold = Readonly<{ accountId: AccountId; chargeId: ChargeId; expiresAt: Instant }>;

export const openHoldsProjectionName = 'open-holds';
export const holdEventTypes = ['ChargeHeld', 'HeldChargeCaptured', 'HoldVoided', 'HoldExpired'] as const;

export const HeldFields = t.type({ accountId: AccountId, chargeId: ChargeId, holdExpiresAt: InstantCodec, amount: MoneyCodec });
export const SettledFields = t.type({ accountId: AccountId, chargeId: ChargeId });

const keyOf = (accountId: string, chargeId: string): string => `${accountId}\u0000${chargeId}`;

export const decodeWith = <A>(codec: t.Decoder<unknown, A>, stored: StoredEvent): A => {
  const decoded = codec.decode(stored.data);
  if (isLeft(decoded)) throw new StoreCorruptedError(`event at position ${stored.position} of type ${stored.type} does not decode`);
  return decoded.right;
};

// What the API and the hold-expiry process read, from memory or from the read file.
export type HoldsReader = Readonly<{
  // Open holds whose expiry is at or before `now`, earliest expiry first, at most `limit`.
  due: (now: Instant, limit: number) => ReadonlyArray<OpenHold>;
  size: () => number;
  // The account's held balance as of asOf, known at knownAt (zero when it never held anything).
  heldBalance: (accountId: AccountId, currency: Currency, asOf: Instant, knownAt: Instant) => Money;
}>;

export type OpenHoldsView = HoldsReader & Readonly<{ projection: Projection<MemoryTransaction> }>;

export const stampOf = (stored: StoredEvent): { occurredAt: Instant; recordedAt: Instant } => {
  if (!InstantCodec.is(stored.occurredAt) || !InstantCodec.is(stored.recordedAt)) {
    throw new StoreCorruptedError(`event at position ${stored.position} has a malformed occurredAt or recordedAt`);
  }
  return { occurredAt: stored.occurredAt, recordedAt: stored.recordedAt };
};

export const createOpenHoldsView = (): OpenHoldsView => {
  const open = new Map<string, OpenHold>();
  // Per account, every hold ever placed (settled ones keep their settlement's stamps).
  const records = new Map<string, Map<string, HoldRecord>>();
  const recordsOf = (accountId: string): Map<string, HoldRecord> => {
    const existing = records.get(accountId);
    if (existing !== undefined) return existing;
    const created = new Map<string, HoldRecord>();
    records.set(accountId, created);
    return created;
  };
  const apply = (tx: MemoryTransaction, stored: StoredEvent): void => {
    if (stored.type === 'ChargeHeld') {
      const { accountId, chargeId, holdExpiresAt, amount } = decodeWith(HeldFields, stored);
      const key = keyOf(accountId, chargeId);
      open.set(key, { accountId, chargeId, expiresAt: holdExpiresAt });
      recordsOf(accountId).set(chargeId, { amount, held: stampOf(stored) });
      tx.onRollback(() => {
        open.delete(key);
        recordsOf(accountId).delete(chargeId);
      });
      return;
    }
    const { accountId, chargeId } = decodeWith(SettledFields, stored);
    const key = keyOf(accountId, chargeId);
    const hold = open.get(key);
    const record = recordsOf(accountId).get(chargeId);
    if (hold === undefined || record === undefined) return;
    open.delete(key);
    recordsOf(accountId).set(chargeId, { ...record, settled: stampOf(stored) });
    tx.onRollback(() => {
      open.set(key, hold);
      recordsOf(accountId).set(chargeId, record);
    });
  };
  return {
    projection: {
      name: openHoldsProjectionName,
      eventTypes: holdEventTypes,
      applyBatch: (tx, events) => {
        for (const stored of events) apply(tx, stored);
      },
      reset: () => {
        open.clear();
        records.clear();
      },
    },
    // A scan of the open holds: they are few next to the events (each lives at most 30 days).
    due: (now, limit) =>
      [...open.values()]
        .filter((hold) => hold.expiresAt <= now)
        .sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0))
        .slice(0, limit),
    size: () => open.size,
    heldBalance: (accountId, currency, asOf, knownAt) => heldAt(records.get(accountId)?.values() ?? [], currency, asOf, knownAt),
  };
};
