// The balance index sums amounts as integers of the currency's minor unit (bigint in memory,
// INTEGER in SQLite), so that SQLite can add them exactly; amounts cross back into Money here.
// (A candidate for domain/money.ts, which this projection does not own.)
import { type Currency, LedgerDecimal, type Money, money, scaleOf } from '../../domain/money.ts';

// Cached per currency: computing 10^scale for every event showed in the rebuild profile.
const unitsPerMajorCache = new Map<Currency, LedgerDecimal>();
const unitsPerMajor = (currency: Currency): LedgerDecimal => {
  const cached = unitsPerMajorCache.get(currency);
  if (cached !== undefined) return cached;
  const units = new LedgerDecimal(10).pow(scaleOf(currency));
  unitsPerMajorCache.set(currency, units);
  return units;
};

export const toMinorUnits = (amount: Money): bigint => {
  const minor = amount.amount.times(unitsPerMajor(amount.currency));
  // decide and the Money codec guarantee the scale; a fraction here is a broken invariant.
  if (!minor.isInteger()) throw new Error(`minor units: ${amount.amount.toFixed()} does not fit ${amount.currency}`);
  return BigInt(minor.toFixed(0));
};

// Exact: dividing by a power of ten never rounds at LedgerDecimal's precision.
export const fromMinorUnits = (minor: bigint, currency: Currency): Money =>
  money(new LedgerDecimal(minor.toString()).dividedBy(unitsPerMajor(currency)), currency);
