// Points in time. On the wire: ISO-8601 with an explicit offset. Inside the ledger: the same
// instant normalised to UTC with milliseconds ("2019-07-03T01:15:00.000Z"), so that string order is
// time order and two spellings of one instant are the same value (idempotency compares them).
import * as t from 'io-ts';

export interface InstantBrand {
  readonly Instant: unique symbol;
}
export type Instant = t.Branded<string, InstantBrand>;

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;
const canonicalPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const daysInMonth = (year: number, month: number): number =>
  [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month - 1
  ] ?? 0;

// Years the ledger accepts: wide enough for any real payment, narrow enough that the canonical
// form always has a four-digit year (string order = time order).
export const instantYearMin = 1970;
export const instantYearMax = 9998;

export const parseInstant = (input: string): Instant | undefined => {
  const match = isoPattern.exec(input);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? '0')) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (match[9] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59)) return undefined;
  const epochMs = Date.parse(input);
  if (!Number.isFinite(epochMs)) return undefined;
  const canonical = new Date(epochMs).toISOString();
  const canonicalYear = Number(canonical.slice(0, 4));
  if (!canonicalPattern.test(canonical) || canonicalYear < instantYearMin || canonicalYear > instantYearMax) {
    return undefined;
  }
  return canonical as Instant;
};

export const InstantCodec = new t.Type<Instant, string, unknown>(
  'Instant',
  (value): value is Instant => typeof value === 'string' && canonicalPattern.test(value),
  (input, context) => {
    if (typeof input !== 'string' || input.length > 40) {
      return t.failure(input, context, 'a time must be an ISO-8601 string with an offset');
    }
    const instant = parseInstant(input);
    return instant === undefined
      ? t.failure(input, context, 'a time must be an ISO-8601 string with an offset, e.g. 2019-07-03T10:15:00+09:00')
      : t.success(instant);
  },
  (instant) => instant,
);

export const epochMsOf = (instant: Instant): number => Date.parse(instant);

export const instantFromEpochMs = (epochMs: number): Instant => {
  const instant = parseInstant(new Date(epochMs).toISOString());
  if (instant === undefined) throw new Error(`instant: ${epochMs} is outside the ledger's range`);
  return instant;
};

export const isBefore = (a: Instant, b: Instant): boolean => a < b;
export const isAtOrBefore = (a: Instant, b: Instant): boolean => a <= b;
