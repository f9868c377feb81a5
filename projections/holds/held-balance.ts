// The held balance of an account, bitemporal like the rest: as of T (valid time), as known at K
// (transaction time), the sum of the holds placed at or before T and recorded by K, less those
// whose settlement (capture, void or expiry) occurred at or before T and was recorded by K. A
// capture moves the amount into the ledger balance at the same instant, so ledger = held +
// available at every (T, K). Pure; the holds view keeps one record per hold ever placed.
import type { Instant } from '../../domain/instant.ts';
import { type Money, add, zero } from '../../domain/money.ts';
import type { Currency } from '../../domain/money.ts';

type Stamp = Readonly<{ occurredAt: Instant; recordedAt: Instant }>;
export type HoldRecord = Readonly<{ amount: Money; held: Stamp; settled?: Stamp }>;

const known = (stamp: Stamp, asOf: Instant, knownAt: Instant): boolean => stamp.occurredAt <= asOf && stamp.recordedAt <= knownAt;

export const heldAt = (
  holds: Iterable<HoldRecord>,
  currency: Currency,
  asOf: Instant,
  knownAt: Instant,
): Money => {
  let held = zero(currency);
  for (const hold of holds) {
    if (!known(hold.held, asOf, knownAt)) continue;
    if (hold.settled !== undefined && known(hold.settled, asOf, knownAt)) continue;
    held = add(held, hold.amount);
  }
  return held;
};
