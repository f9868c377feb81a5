import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, encodeData } from '../../../adapters/event-store/canonical-json.ts';

type Encoded = Readonly<{ text: string } | { threw: true }>;
const encodedBy = (encode: (value: unknown) => string | undefined, value: unknown): Encoded => {
  try {
    const text = encode(value);
    return text === undefined ? { threw: true } : { text };
  } catch {
    return { threw: true };
  }
};

describe('canonical JSON of the event stores', () => {
  it('writes exactly what canonicalize writes for plain JSON data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('agrees with canonicalize (text or refusal) on anything else too', () => {
    const odd = fc.anything({
      withBigInt: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true,
      withObjectString: true, withTypedArray: true, maxDepth: 4, stringUnit: 'binary',
    });
    fc.assert(
      fc.property(odd, (value) => {
        expect(encodedBy(canonicalJson, value)).toEqual(encodedBy(canonicalize, value));
      }),
      { seed: 11, numRuns: 500 },
    );
  });

  it('refuses lone surrogates and non-finite numbers, like canonicalize', () => {
    for (const value of [{ text: 'broken \uD800 pair' }, { ['\uDC00']: 1 }, { n: Number.NaN }, [Number.POSITIVE_INFINITY]]) {
      expect(() => canonicalJson(value)).toThrow();
    }
    expect(canonicalJson({ b: [1, 'two', { d: null, c: true }], a: -0, 'é': 'ok \uD83D\uDE00' }))
      .toBe('{"a":0,"b":[1,"two",{"c":true,"d":null}],"é":"ok \uD83D\uDE00"}');
  });

  it('orders keys that JS would enumerate in another order (array indexes, __proto__) like canonicalize', () => {
    const cases: ReadonlyArray<Record<string, unknown>> = [
      { b: 1, 10: 'ten', 9: 'nine', a: [{ z: 1, y: 2 }] },
      JSON.parse('{"z":1,"__proto__":{"b":2,"a":1},"a":0}'),
      { z: { y: { x: [1, { b: 2, a: 1 }] } }, a: 'first' },
    ];
    for (const value of cases) {
      expect(canonicalJson(value)).toBe(canonicalize(value));
      expect(encodeData(value).json).toBe(canonicalize(value));
    }
  });

  it('stores exactly what canonicalize writes for any plain JSON object, and reads it back equal', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (value) => {
        const { json, readBack } = encodeData(value);
        expect(json).toBe(canonicalize(value));
        expect(JSON.parse(json)).toEqual(readBack);
      }),
      { seed: 13, numRuns: 500 },
    );
  });

  it('reads plain data back as the same value, and anything else as its JSON round trip', () => {
    const plainData = { amount: '12.50', tags: ['a', 'b'] };
    expect(encodeData(plainData)).toEqual({ json: '{"amount":"12.50","tags":["a","b"]}', readBack: plainData });
    const withDate = { at: new Date('2024-03-01T10:00:00.000Z'), skipped: undefined };
    expect(encodeData(withDate)).toEqual({ json: '{"at":"2024-03-01T10:00:00.000Z"}', readBack: { at: '2024-03-01T10:00:00.000Z' } });
    const notAnObject: Record<string, unknown> = { toJSON: () => [1, 2] };
    expect(() => encodeData(notAnObject)).toThrow(TypeError);
  });
});
