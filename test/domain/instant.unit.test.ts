import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { InstantCodec, epochMsOf, instantFromEpochMs, isAtOrBefore, isBefore, parseInstant } from '../../domain/instant.ts';
import { at } from './fixtures.ts';

describe('InstantCodec', () => {
  it.each([
    ['2019-07-03T10:15:00+09:00', '2019-07-03T01:15:00.000Z'],
    ['2019-07-03T01:15:00Z', '2019-07-03T01:15:00.000Z'],
    ['2019-07-02T21:15:00-04:00', '2019-07-03T01:15:00.000Z'],
    ['2019-07-03T10:15+09:00', '2019-07-03T01:15:00.000Z'],
    ['2019-07-03T01:15:00.5Z', '2019-07-03T01:15:00.500Z'],
    ['2019-07-03T01:15:00.123456789Z', '2019-07-03T01:15:00.123Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000Z'],
    ['2000-02-29T12:00:00+05:30', '2000-02-29T06:30:00.000Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
  ])('normalises %s to UTC %s', (input, canonical) => {
    expect(InstantCodec.decode(input)).toEqual({ _tag: 'Right', right: canonical });
  });

  it('makes two spellings of one instant the same value', () => {
    expect(at('2019-07-03T10:15:00+09:00')).toBe(at('2019-07-03T01:15:00.000Z'));
    expect(at('2019-07-03T10:15:00+09:00') === at('2019-07-03T10:15:00Z')).toBe(false);
  });

  it.each([
    ['February 30th', '2019-02-30T00:00:00Z'],
    ['February 29th of a common year', '2019-02-29T00:00:00Z'],
    ['February 29th of 1900-like century years', '2100-02-29T00:00:00Z'],
    ['hour 24', '2019-07-03T24:00:00Z'],
    ['minute 60', '2019-07-03T10:60:00Z'],
    ['a leap second', '2019-06-30T23:59:60Z'],
    ['month 13', '2019-13-01T00:00:00Z'],
    ['day 0', '2019-07-00T00:00:00Z'],
    ['year 10000', '10000-01-01T00:00:00Z'],
    ['year 9999 (outside the ledger range)', '9999-06-01T00:00:00Z'],
    ['a time before 1970 UTC', '1970-01-01T00:30:00+01:00'],
    ['no offset', '2019-07-03T10:15:00'],
    ['an offset of 24 hours', '2019-07-03T10:15:00+24:00'],
    ['offset minutes 60', '2019-07-03T10:15:00+09:60'],
    ['an offset without a colon', '2019-07-03T10:15:00+0900'],
    ['a space for T', '2019-07-03 10:15:00Z'],
    ['a lower-case z', '2019-07-03T10:15:00z'],
    ['a date only', '2019-07-03'],
    ['an epoch number as text', '1562116500000'],
    ['a week date', '2019-W27-3T10:15:00Z'],
    ['a trailing newline', '2019-07-03T10:15:00Z\n'],
    ['the empty string', ''],
  ])('refuses %s', (_what, input) => {
    expect(isLeft(InstantCodec.decode(input))).toBe(true);
    expect(parseInstant(input)).toBeUndefined();
  });

  it.each([1562116500000, null, undefined, {}, 'x'.repeat(41)])('refuses %j', (input) => {
    expect(isLeft(InstantCodec.decode(input))).toBe(true);
  });

  it('accepts the ends of its range', () => {
    expect(isRight(InstantCodec.decode('1970-01-01T00:00:00Z'))).toBe(true);
    expect(isRight(InstantCodec.decode('9998-12-31T23:59:59Z'))).toBe(true);
  });

  it('recognises only canonical strings as instants', () => {
    expect(InstantCodec.is('2019-07-03T01:15:00.000Z')).toBe(true);
    expect(InstantCodec.is('2019-07-03T10:15:00+09:00')).toBe(false);
  });
});

describe('instant helpers', () => {
  it('orders instants as time, across offsets', () => {
    const tokyo = at('2019-07-03T10:15:00+09:00');
    const newYork = at('2019-07-02T21:15:01-04:00');
    expect(isBefore(tokyo, newYork)).toBe(true);
    expect(isBefore(newYork, tokyo)).toBe(false);
    expect(isAtOrBefore(tokyo, at('2019-07-03T01:15:00Z'))).toBe(true);
  });

  it('converts to and from epoch milliseconds', () => {
    expect(epochMsOf(at('1970-01-01T00:00:01Z'))).toBe(1000);
    expect(instantFromEpochMs(1562116500000)).toBe(at('2019-07-03T10:15:00+09:00'));
    expect(() => instantFromEpochMs(-1)).toThrow(/outside/);
  });
});
