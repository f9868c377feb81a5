import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type Currency, LedgerDecimal, MoneyCodec, PositiveAmountCodec, add, amountsEqual, checkCurrency, covers, formatAmount, isNegative,
  money, scaleFits, scaleOf, subtract, totalsByCurrency, zero,
} from '../../domain/money.ts';
import { amount } from './fixtures.ts';

const m = (value: string, currency: Currency) => money(amount(value), currency);

describe('scales (ISO 4217 minor units)', () => {
  it.each([['JPY', 0], ['KRW', 0], ['USD', 2], ['EUR', 2], ['KWD', 3]] as const)('%s has %i fraction digits', (currency, scale) => {
    expect(scaleOf(currency)).toBe(scale);
  });

  it('checks that an amount fits its currency', () => {
    expect(scaleFits(amount('1200'), 'JPY')).toBe(true);
    expect(scaleFits(amount('12.5'), 'JPY')).toBe(false);
    expect(scaleFits(amount('12.34'), 'USD')).toBe(true);
    expect(scaleFits(amount('12.345'), 'USD')).toBe(false);
    // Trailing zeros are not digits of the value: "12.50" is 12.5.
    expect(scaleFits(amount('1200.0'), 'JPY')).toBe(true);
  });
});

describe('PositiveAmountCodec', () => {
  it.each(['1', '1200', '12.5', '12.50', '0.01', '0.001', '999999999999999', '999999999999999.999'])('accepts %s', (input) => {
    const decoded = PositiveAmountCodec.decode(input);
    expect(isRight(decoded) && decoded.right.toFixed()).toBe(new LedgerDecimal(input).toFixed());
  });

  it.each([
    ['an exponent', '1e3'], ['an upper-case exponent', '1E3'], ['a minus sign', '-5'], ['a plus sign', '+5'],
    ['a leading space', ' 5'], ['a trailing space', '5 '], ['an inner space', '1 000'], ['a thousands separator', '1,000'],
    ['zero', '0'], ['zero with fraction', '0.00'], ['a leading zero', '012'], ['a bare point', '5.'], ['a leading point', '.5'],
    ['four fraction digits', '1.0001'], ['16 integer digits', '1000000000000000'], ['the empty string', ''],
    ['hexadecimal', '0x10'], ['Infinity', 'Infinity'], ['NaN', 'NaN'], ['a full-width digit', '１'], ['a newline', '5\n'],
  ])('refuses %s', (_what, input) => {
    expect(isLeft(PositiveAmountCodec.decode(input))).toBe(true);
  });

  it.each([12.5, 1, 0, null, undefined, {}, ['1']])('refuses the non-string %j', (input) => {
    expect(isLeft(PositiveAmountCodec.decode(input))).toBe(true);
  });

  it('encodes to a plain decimal string, never an exponent', () => {
    expect(PositiveAmountCodec.encode(amount('100000000000000'))).toBe('100000000000000');
    expect(PositiveAmountCodec.encode(amount('0.001'))).toBe('0.001');
  });
});

describe('MoneyCodec', () => {
  it('decodes an amount that fits its currency and encodes it at the currency scale', () => {
    const decoded = MoneyCodec.decode({ amount: '12.5', currency: 'USD' });
    if (isLeft(decoded)) throw new Error('expected a Money');
    expect(MoneyCodec.encode(decoded.right)).toEqual({ amount: '12.50', currency: 'USD' });
  });

  it.each([
    ['too many fraction digits for JPY', { amount: '12.5', currency: 'JPY' }],
    ['too many fraction digits for USD', { amount: '12.345', currency: 'USD' }],
    ['an unknown currency', { amount: '1', currency: 'XXX' }],
    ['a lower-case currency', { amount: '1', currency: 'usd' }],
    ['a number amount', { amount: 12, currency: 'USD' }],
    ['a missing currency', { amount: '1' }],
    ['an inherited currency name', { amount: '1', currency: 'toString' }],
  ])('refuses %s', (_what, input) => {
    expect(isLeft(MoneyCodec.decode(input))).toBe(true);
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly', () => {
    expect(formatAmount(add(m('0.1', 'USD'), m('0.2', 'USD')))).toBe('0.30');
    expect(formatAmount(subtract(m('100', 'USD'), m('99.99', 'USD')))).toBe('0.01');
    expect(formatAmount(add(m('999999999999999.99', 'USD'), m('0.01', 'USD')))).toBe('1000000000000000.00');
  });

  it('refuses to mix currencies (a programming error: it throws)', () => {
    expect(() => add(m('1', 'USD'), m('1', 'EUR'))).toThrow(/currency mismatch/);
    expect(() => subtract(m('1', 'USD'), m('1', 'JPY'))).toThrow(/currency mismatch/);
    expect(() => covers(m('1', 'USD'), m('1', 'JPY'))).toThrow(/currency mismatch/);
  });

  it('reports a currency mismatch as a value where callers check first', () => {
    expect(checkCurrency(m('1', 'USD'), m('1', 'USD'))).toEqual({ _tag: 'Right', right: 'USD' });
    expect(checkCurrency(m('1', 'USD'), m('1', 'EUR'))).toEqual({ _tag: 'Left', left: { expected: 'USD', actual: 'EUR' } });
  });

  it('covers a request up to and including the balance', () => {
    expect(covers(m('10', 'USD'), m('10', 'USD'))).toBe(true);
    expect(covers(m('10', 'USD'), m('10.01', 'USD'))).toBe(false);
    expect(covers(zero('USD'), m('0.01', 'USD'))).toBe(false);
  });

  it('knows negative from zero', () => {
    expect(isNegative(zero('JPY'))).toBe(false);
    expect(isNegative(subtract(m('1', 'JPY'), m('2', 'JPY')))).toBe(true);
    expect(isNegative(subtract(m('1', 'JPY'), m('1', 'JPY')))).toBe(false);
  });

  it('compares amounts by value', () => {
    expect(amountsEqual(amount('12.50'), amount('12.5'))).toBe(true);
    expect(amountsEqual(amount('12.51'), amount('12.5'))).toBe(false);
  });

  it('refuses to format an amount that does not fit its currency', () => {
    expect(formatAmount(m('1200', 'JPY'))).toBe('1200');
    expect(() => formatAmount(m('12.5', 'JPY'))).toThrow(/does not fit/);
  });
});

describe('totalsByCurrency', () => {
  it('sums per currency with keys sorted, each at its scale', () => {
    const totals = totalsByCurrency([m('1200', 'JPY'), m('1.5', 'USD'), m('0.25', 'EUR'), m('300', 'JPY'), m('2', 'USD')]);
    expect(totals).toEqual({ EUR: '0.25', JPY: '1500', USD: '3.50' });
    expect(Object.keys(totals)).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('is empty for no amounts', () => {
    expect(totalsByCurrency([])).toEqual({});
  });
});
