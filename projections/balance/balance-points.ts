// How the index sees balance facts: as weighted points in the (occurredAt, recordedAt) plane, so
// that both balances become plain dominance sums "every point with occurredMs <= asOf and
// recordedMs <= knownAt", which an index can answer without replaying the account.
//   top-up             -> (occ, rec)            ledger +a  corrected +a
//   charge             -> (occ, rec)            ledger -a  corrected -a
//   reversal of charge -> (occ_r, rec_r)        ledger +a  corrected 0   (credits at its own time)
//                      +  (occ_c, max(rec_c, rec_r))  ledger 0  corrected +a
// The second reversal point cancels the charge in correctedBalance exactly when the reversal is
// known (rec_r <= knownAt) and the charge counts (occ_c <= asOf, rec_c <= knownAt): the contract's
// "treated as never having happened" (see bitemporal-balance.ts for the decision).
// Pure; amounts are integers of the currency's minor unit (minor-units.ts).
import { unreachable } from '../../domain/rejections.ts';
import type { BalanceFact } from './bitemporal-balance.ts';

export type Sums = Readonly<{ count: number; ledger: bigint; corrected: bigint }>;
export const noSums: Sums = { count: 0, ledger: 0n, corrected: 0n };
export const addSums = (a: Sums, b: Sums): Sums => ({
  count: a.count + b.count,
  ledger: a.ledger + b.ledger,
  corrected: a.corrected + b.corrected,
});

export type Point = Readonly<{ occurredMs: number; recordedMs: number; ledger: bigint; corrected: bigint }>;
export const sumsOf = (point: Point): Sums => ({ count: 1, ledger: point.ledger, corrected: point.corrected });

// What a later reversal needs to know about its charge.
export type ChargeMemo = Readonly<{ occurredMs: number; recordedMs: number; amountMinor: bigint }>;

export const pointsOf = (fact: BalanceFact, amountMinor: bigint, charge: ChargeMemo | undefined): ReadonlyArray<Point> => {
  const occurredMs = Date.parse(fact.occurredAt);
  const recordedMs = Date.parse(fact.recordedAt);
  switch (fact.kind) {
    case 'top_up':
      return [{ occurredMs, recordedMs, ledger: amountMinor, corrected: amountMinor }];
    case 'charge':
      return [{ occurredMs, recordedMs, ledger: -amountMinor, corrected: -amountMinor }];
    case 'reversal': {
      // evolve refuses a reversal of an unknown charge or of another amount: the store is broken.
      if (charge === undefined) throw new Error(`balance index: reversal of unknown charge ${fact.chargeId}`);
      if (charge.amountMinor !== amountMinor) throw new Error(`balance index: reversal of ${fact.chargeId} differs in amount`);
      return [
        { occurredMs, recordedMs, ledger: amountMinor, corrected: 0n },
        { occurredMs: charge.occurredMs, recordedMs: Math.max(charge.recordedMs, recordedMs), ledger: 0n, corrected: amountMinor },
      ];
    }
    default:
      return unreachable(fact);
  }
};
