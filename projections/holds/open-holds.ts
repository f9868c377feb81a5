// The read side's view of open holds: every ChargeHeld not yet captured, voided or expired, with
// its expiry, for the hold-expiry process (adapters/processes/hold-expiry.ts). Kept in memory and
// rebuilt from the store at every start (it reads only the four hold event types), so the view
// itself never needs a schema; what is expired is decided and recorded by the account's decider.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { AccountId, ChargeId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import type { Projection } from '../runner/projection.ts';

export type OpenHold = Readonly<{ accountId: AccountId; chargeId: ChargeId; expiresAt: Instant }>;

export const openHoldsProjectionName = 'open-holds';
export const holdEventTypes = ['ChargeHeld', 'HeldChargeCaptured', 'HoldVoided', 'HoldExpired'] as const;

const HeldFields = t.type({ accountId: AccountId, chargeId: ChargeId, holdExpiresAt: InstantCodec });
const SettledFields = t.type({ accountId: AccountId, chargeId: ChargeId });

const keyOf = (accountId: string, chargeId: string): string => `${accountId}\u0000${chargeId}`;

const decodeWith = <A>(codec: t.Decoder<unknown, A>, stored: StoredEvent): A => {
  const decoded = codec.decode(stored.data);
  if (isLeft(decoded)) throw new StoreCorruptedError(`event at position ${stored.position} of type ${stored.type} does not decode`);
  return decoded.right;
};

export type OpenHoldsView = Readonly<{
  projection: Projection<MemoryTransaction>;
  // Open holds whose expiry is at or before `now`, earliest expiry first, at most `limit`.
  due: (now: Instant, limit: number) => ReadonlyArray<OpenHold>;
  size: () => number;
}>;

export const createOpenHoldsView = (): OpenHoldsView => {
  const open = new Map<string, OpenHold>();
  const apply = (tx: MemoryTransaction, stored: StoredEvent): void => {
    if (stored.type === 'ChargeHeld') {
      const { accountId, chargeId, holdExpiresAt } = decodeWith(HeldFields, stored);
      const key = keyOf(accountId, chargeId);
      open.set(key, { accountId, chargeId, expiresAt: holdExpiresAt });
      tx.onRollback(() => open.delete(key));
      return;
    }
    const { accountId, chargeId } = decodeWith(SettledFields, stored);
    const key = keyOf(accountId, chargeId);
    const hold = open.get(key);
    if (hold === undefined) return;
    open.delete(key);
    tx.onRollback(() => open.set(key, hold));
  };
  return {
    projection: {
      name: openHoldsProjectionName,
      eventTypes: holdEventTypes,
      applyBatch: (tx, events) => {
        for (const stored of events) apply(tx, stored);
      },
      reset: () => open.clear(),
    },
    // A scan of the open holds: they are few next to the events (each lives at most 30 days).
    due: (now, limit) =>
      [...open.values()]
        .filter((hold) => hold.expiresAt <= now)
        .sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : 0))
        .slice(0, limit),
    size: () => open.size,
  };
};
