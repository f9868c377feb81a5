import { isRight } from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InstantCodec } from '../../../domain/instant.ts';
import { type Currency, CurrencyCodec, MoneyCodec } from '../../../domain/money.ts';
import { canonicalInstantMs, instantMsOf, minorUnitsOf, plainMinorUnits } from '../../../projections/balance/balance-field-decoding.ts';
import { toMinorUnits } from '../../../projections/balance/minor-units.ts';

const codecMs = (input: unknown): number | undefined => {
  const decoded = InstantCodec.decode(input);
  return isRight(decoded) ? Date.parse(decoded.right) : undefined;
};
const codecMinor = (amount: unknown, currency: unknown) => {
  const decoded = MoneyCodec.decode({ amount, currency });
  return isRight(decoded) ? { minor: toMinorUnits(decoded.right), currency: decoded.right.currency } : undefined;
};

const firstMs = Date.parse('1970-01-01T00:00:00.000Z');
const lastMs = Date.parse('9998-12-31T23:59:59.999Z');
// A canonical instant with one character replaced: near misses of every kind.
const nearInstant = fc.tuple(fc.integer({ min: firstMs - 1_000, max: lastMs + 1_000 }), fc.nat(23), fc.constantFrom(...'0123456789-:TZ.+ 3')).map(
  ([epochMs, at, character]) => {
    const text = new Date(epochMs).toISOString();
    return at % 3 === 0 ? text : `${text.slice(0, at)}${character}${text.slice(at + 1)}`;
  },
);
const currencies: ReadonlyArray<Currency | string> = ['JPY', 'USD', 'KWD', 'XYZ'];
const nearAmount = fc.oneof(
  fc.stringMatching(/^[0-9]{0,17}(\.[0-9]{0,4})?$/),
  fc.stringMatching(/^[0-9]{1,16}\.?[0-9]{0,3}0{0,2}$/),
  fc.string({ maxLength: 8 }),
);

describe('balance field decoding', () => {
  it('reads every canonical instant of the ledger\'s years to its epoch ms', () => {
    fc.assert(fc.property(fc.integer({ min: firstMs, max: lastMs }), (epochMs) => {
      const text = new Date(epochMs).toISOString();
      expect(canonicalInstantMs(text)).toBe(epochMs);
      expect(instantMsOf(text)).toBe(epochMs);
    }), { seed: 20261122, numRuns: 5_000 });
  });

  it('accepts on its fast path only what InstantCodec accepts unchanged, and otherwise answers as InstantCodec', () => {
    let fastAccepted = 0;
    fc.assert(fc.property(nearInstant, (text) => {
      const fast = canonicalInstantMs(text);
      if (fast !== undefined) {
        fastAccepted += 1;
        const decoded = InstantCodec.decode(text);
        expect(isRight(decoded) && decoded.right === text).toBe(true);
        expect(fast).toBe(Date.parse(text));
      }
      expect(instantMsOf(text)).toBe(codecMs(text));
    }), { seed: 20261122, numRuns: 20_000 });
    expect(fastAccepted).toBeGreaterThan(5_000);
    for (const text of ['2023-02-29T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '9999-01-01T00:00:00.000Z', '2024-01-01T24:00:00.000Z']) {
      expect(canonicalInstantMs(text)).toBeUndefined();
      expect(instantMsOf(text)).toBe(codecMs(text));
    }
    expect(canonicalInstantMs('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(instantMsOf('2024-03-01T09:00:00+09:00')).toBe(Date.parse('2024-03-01T00:00:00.000Z'));
    expect(instantMsOf(1_700_000_000_000)).toBeUndefined();
  });

  it('turns amounts into exact minor units only where MoneyCodec accepts them, and agrees with it everywhere', () => {
    let fastAccepted = 0;
    fc.assert(fc.property(nearAmount, fc.constantFrom(...currencies), (amount, currency) => {
      const reference = codecMinor(amount, currency);
      const fast = CurrencyCodec.is(currency) ? plainMinorUnits(amount, currency) : undefined;
      if (fast !== undefined) {
        fastAccepted += 1;
        expect(reference?.minor).toBe(fast);
      }
      expect(minorUnitsOf(amount, currency)).toEqual(reference);
    }), { seed: 20261122, numRuns: 20_000 });
    expect(fastAccepted).toBeGreaterThan(2_000);
    expect(minorUnitsOf('100.0', 'JPY')).toEqual({ minor: 100n, currency: 'JPY' });
    expect(minorUnitsOf('999999999999999.999', 'KWD')).toEqual({ minor: 999999999999999999n, currency: 'KWD' });
    for (const [amount, currency] of [['0', 'JPY'], ['0.00', 'USD'], ['1.5', 'JPY'], ['01', 'JPY'], ['1.', 'USD'], ['.5', 'USD'], ['1e3', 'JPY'], [12, 'JPY']]) {
      expect(minorUnitsOf(amount, currency)).toBeUndefined();
    }
  });
});
