// Fast, exact decoding of the few stored fields a bulk rebuild of the balance index reads, straight
// to what the index stores: an instant to epoch milliseconds, an amount to integer minor units.
// Each fast path only ever ACCEPTS input the domain's codec accepts, with the same result; every
// input it does not recognise goes through the domain's codec (InstantCodec, MoneyCodec), which
// then accepts or refuses it exactly as the incremental path would. The codecs, Decimal and the
// ISO round trip (toISOString) were most of a bulk rebuild's CPU time.
import { isLeft } from 'fp-ts/lib/Either.js';
import { InstantCodec, instantYearMax, instantYearMin } from '../../domain/instant.ts';
import { type Currency, CurrencyCodec, MoneyCodec, amountIntegerDigitsMax, scaleOf } from '../../domain/money.ts';
import { toMinorUnits } from './minor-units.ts';

const digit = (text: string, index: number): number => {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
};
const number = (text: string, from: number, length: number): number => {
  let value = 0;
  for (let index = from; index < from + length; index += 1) {
    const next = digit(text, index);
    if (next < 0) return -1;
    value = value * 10 + next;
  }
  return value;
};
const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

// The epoch ms of an instant in the ledger's canonical form ("2024-03-01T09:15:00.000Z", a real
// date in the ledger's years), or undefined for anything else (which may still be a valid instant
// in another spelling: see instantMsOf).
export const canonicalInstantMs = (text: string): number | undefined => {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':'
    || text[19] !== '.' || text[23] !== 'Z') return undefined;
  const [year, month, day] = [number(text, 0, 4), number(text, 5, 2), number(text, 8, 2)];
  const [hour, minute, second, milli] = [number(text, 11, 2), number(text, 14, 2), number(text, 17, 2), number(text, 20, 3)];
  if (year < instantYearMin || year > instantYearMax || month < 1 || month > 12 || day < 1) return undefined;
  if (day > (month === 2 && isLeapYear(year) ? 29 : (monthDays[month - 1] ?? 0))) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return undefined;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1_000 + milli;
};

// What StoredInstantCodec of balance-event-decoding.ts accepts, as epoch ms; undefined when refused.
export const instantMsOf = (input: unknown): number | undefined => {
  if (typeof input === 'string') {
    const epochMs = canonicalInstantMs(input);
    if (epochMs !== undefined) return epochMs;
  }
  const decoded = InstantCodec.decode(input);
  return isLeft(decoded) ? undefined : Date.parse(decoded.right);
};

const powersOfTen = ['', '0', '00', '000'];

// A stored amount's integer minor units when its text is in the plain form "1200" / "12.50"
// within the domain's limits (at most amountIntegerDigitsMax integer digits, 3 fraction digits,
// positive, no more significant fraction digits than the currency's scale); undefined otherwise.
export const plainMinorUnits = (amount: string, currency: Currency): bigint | undefined => {
  const point = amount.indexOf('.');
  const integer = point < 0 ? amount : amount.slice(0, point);
  let fraction = point < 0 ? '' : amount.slice(point + 1);
  if (integer.length === 0 || integer.length > amountIntegerDigitsMax || (integer.length > 1 && integer[0] === '0')) return undefined;
  if (point >= 0 && (fraction.length === 0 || fraction.length > 3)) return undefined;
  if (number(integer, 0, integer.length) < 0 || (fraction.length > 0 && number(fraction, 0, fraction.length) < 0)) return undefined;
  // Decimal's decimalPlaces (scaleFits) ignores trailing zeros: "100.0" fits JPY.
  while (fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const scale = scaleOf(currency);
  if (fraction.length > scale) return undefined;
  const minor = BigInt(integer + fraction + (powersOfTen[scale - fraction.length] ?? ''));
  return minor > 0n ? minor : undefined;
};

// What MoneyCodec accepts, as integer minor units of its currency; undefined when refused.
export const minorUnitsOf = (amount: unknown, currency: unknown): Readonly<{ minor: bigint; currency: Currency }> | undefined => {
  if (typeof amount === 'string' && CurrencyCodec.is(currency)) {
    const minor = plainMinorUnits(amount, currency);
    if (minor !== undefined) return { minor, currency };
  }
  const decoded = MoneyCodec.decode({ amount, currency });
  return isLeft(decoded) ? undefined : { minor: toMinorUnits(decoded.right), currency: decoded.right.currency };
};
