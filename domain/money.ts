// All money arithmetic lives here. Amounts are exact decimals (decimal.js), never JS numbers, and
// every operation checks that currencies match and that the scale fits the currency.
import Decimal from 'decimal.js';
import * as t from 'io-ts';
import { type Either, left, right } from 'fp-ts/lib/Either.js';

// A local configuration: nothing here depends on (or changes) decimal.js's global settings.
// Precision is far above any amount we accept (amountIntegerDigitsMax + scale), so additions and
// subtractions are exact; no operation here rounds.
export const LedgerDecimal = Decimal.clone({
  precision: 64,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -64,
  toExpPos: 64,
});
export type LedgerDecimal = Decimal;

// ISO 4217 minor units for the currencies the ledger accepts.
export const currencyMinorUnits = {
  JPY: 0,
  KRW: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  CNY: 2,
  TWD: 2,
  HKD: 2,
  SGD: 2,
  AUD: 2,
  CAD: 2,
  CHF: 2,
  THB: 2,
  KWD: 3,
  BHD: 3,
} as const;
export type Currency = keyof typeof currencyMinorUnits;

const isCurrency = (value: unknown): value is Currency =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(currencyMinorUnits, value);

export const CurrencyCodec = new t.Type<Currency, string, unknown>(
  'Currency',
  isCurrency,
  (input, context) =>
    isCurrency(input) ? t.success(input) : t.failure(input, context, 'an ISO 4217 currency code the ledger supports'),
  (currency) => currency,
);

export type Money = Readonly<{ amount: Decimal; currency: Currency }>;

// Integer digits are limited so that no sum of accepted amounts can lose precision.
export const amountIntegerDigitsMax = 15;
const decimalStringPattern = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

// A positive amount written as a plain decimal string: no sign, no exponent, no spaces.
// The currency's scale is checked where the currency is known (scaleFits).
export const PositiveAmountCodec = new t.Type<Decimal, string, unknown>(
  'PositiveAmount',
  (value): value is Decimal => Decimal.isDecimal(value),
  (input, context) => {
    if (typeof input !== 'string') return t.failure(input, context, 'an amount must be a decimal string');
    const match = decimalStringPattern.exec(input);
    // A sign is refused like any other non-digit, but a minus deserves the rule it breaks.
    if (/^\s*-/.test(input)) return t.failure(input, context, 'the amount must be positive (a plain decimal string without a sign, like "1200")');
    if (match === null) return t.failure(input, context, 'an amount must be a plain decimal string like "1200" or "12.50"');
    const integerDigits = match[1] ?? '';
    const fractionDigits = (match[2] ?? '.').length - 1;
    if (integerDigits.length > amountIntegerDigitsMax) return t.failure(input, context, 'the amount is too large');
    if (fractionDigits > 3) return t.failure(input, context, 'the amount has too many fraction digits');
    const amount = new LedgerDecimal(input);
    if (!amount.isPositive() || amount.isZero()) return t.failure(input, context, 'the amount must be positive');
    return t.success(amount);
  },
  (amount) => amount.toFixed(),
);

export const scaleOf = (currency: Currency): number => currencyMinorUnits[currency];

export const scaleFits = (amount: Decimal, currency: Currency): boolean => amount.decimalPlaces() <= scaleOf(currency);

export const money = (amount: Decimal, currency: Currency): Money => ({ amount, currency });

export const zero = (currency: Currency): Money => ({ amount: new LedgerDecimal(0), currency });

export type CurrencyMismatch = Readonly<{ expected: Currency; actual: Currency }>;

const sameCurrency = (a: Money, b: Money): Either<CurrencyMismatch, Currency> =>
  a.currency === b.currency ? right(a.currency) : left({ expected: a.currency, actual: b.currency });

// Arithmetic on two amounts of different currencies is a programming error: callers check first.
const assertSameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new Error(`money: currency mismatch ${a.currency} vs ${b.currency}`);
};

export const add = (a: Money, b: Money): Money => {
  assertSameCurrency(a, b);
  return { amount: a.amount.plus(b.amount), currency: a.currency };
};

export const subtract = (a: Money, b: Money): Money => {
  assertSameCurrency(a, b);
  return { amount: a.amount.minus(b.amount), currency: a.currency };
};

export const isNegative = (m: Money): boolean => m.amount.isNegative() && !m.amount.isZero();

export const covers = (balance: Money, requested: Money): boolean => {
  assertSameCurrency(balance, requested);
  return balance.amount.greaterThanOrEqualTo(requested.amount);
};

export const checkCurrency = sameCurrency;

// The wire and storage form: a plain decimal string at the currency's scale ("1200", "12.50").
// The scale is asserted first, so the rounding mode named here never changes a digit.
export const formatAmount = (m: Money): string => {
  if (!scaleFits(m.amount, m.currency)) throw new Error(`money: ${m.amount.toFixed()} does not fit ${m.currency}`);
  return m.amount.toFixed(scaleOf(m.currency), Decimal.ROUND_DOWN);
};

export const amountsEqual = (a: Decimal, b: Decimal): boolean => a.equals(b);

// Sums per currency for reports: { JPY: "1200", USD: "3.50" }, keys sorted.
export const totalsByCurrency = (amounts: Iterable<Money>): Record<string, string> => {
  const totals = new Map<Currency, Money>();
  for (const m of amounts) {
    const current = totals.get(m.currency);
    totals.set(m.currency, current === undefined ? m : add(current, m));
  }
  const result: Record<string, string> = {};
  for (const currency of [...totals.keys()].sort()) {
    const total = totals.get(currency);
    if (total !== undefined) result[currency] = formatAmount(total);
  }
  return result;
};

// Money as stored in events and answered on the wire: { amount: "1200", currency: "JPY" }.
// Decoding checks the amount's form and that its scale fits the currency.
export const MoneyCodec = new t.Type<Money, { amount: string; currency: string }, unknown>(
  'Money',
  (value): value is Money =>
    typeof value === 'object' && value !== null && 'amount' in value && Decimal.isDecimal(value.amount),
  (input, context) => {
    const shape = t.type({ amount: PositiveAmountCodec, currency: CurrencyCodec }).validate(input, context);
    if (shape._tag === 'Left') return shape;
    const { amount, currency } = shape.right;
    return scaleFits(amount, currency)
      ? t.success({ amount, currency })
      : t.failure(input, context, `the amount has more fraction digits than ${currency} allows`);
  },
  (m) => ({ amount: formatAmount(m), currency: m.currency }),
);
