import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsOfJsonArray } from '../../../projections/balance/sqlite-balance-rows.ts';

// What SQLite's json_extract answers for several paths: a JSON array of the values found.
const value = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9\-_.:,\]\[ ]{0,12}$/),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);

describe('reading the fields json_extract answers', () => {
  it('gives exactly what JSON.parse gives, whatever the values', () => {
    let direct = 0;
    fc.assert(fc.property(fc.array(value, { maxLength: 6 }), (values) => {
      const text = JSON.stringify(values);
      expect(fieldsOfJsonArray(text)).toEqual(JSON.parse(text));
      if (!text.includes('\\') && values.every((entry) => entry === null || typeof entry === 'string')) direct += 1;
    }), { seed: 20261122, numRuns: 5_000 });
    expect(direct).toBeGreaterThan(500);
  });

  it('reads plain strings and nulls without JSON.parse, and refuses what is not an array', () => {
    expect(fieldsOfJsonArray('["acc-1","2024-03-01T00:00:00.000Z","12.50","USD",null]'))
      .toEqual(['acc-1', '2024-03-01T00:00:00.000Z', '12.50', 'USD', null]);
    expect(fieldsOfJsonArray('["a\\"b",null]')).toEqual(['a"b', null]);
    expect(() => fieldsOfJsonArray('{"a":1}')).toThrow(/json_extract/);
  });
});
