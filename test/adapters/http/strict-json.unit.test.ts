// The duplicate-key check behind every JSON body: a key repeated within one object is found,
// however it is escaped; the same key in different objects, or in an array's objects, is fine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeyOf, mayRepeatAKey } from '../../../adapters/http/plugins/strict-json.ts';

describe('duplicateKeyOf', () => {
  it.each([
    ['{"amount":"10","amount":"20"}', 'amount'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"window":{"from":"x","from":"y"}}', 'from'],
    ['{"rows":[{"id":1},{"id":2,"id":3}]}', 'id'],
  ])('finds the repeated key in %s', (text, key) => {
    expect(duplicateKeyOf(text)).toBe(key);
  });

  it.each([
    '{"a":{"x":1},"b":{"x":2}}',
    '{"rows":[{"id":1},{"id":2}]}',
    '{"window":{"from":"x","to":"y"},"criteria":{"from":"z"}}',
    '[]',
  ])('accepts %s', (text) => {
    expect(duplicateKeyOf(text)).toBeUndefined();
  });
});

// JSON texts written entry by entry, so an object may repeat a key; keys and strings come from a
// small alphabet (quotes, colons, backslashes and spaces included) so repeats and escapes are common.
type Tree =
  | Readonly<{ kind: 'string'; text: string }>
  | Readonly<{ kind: 'array'; items: ReadonlyArray<Tree> }>
  | Readonly<{ kind: 'object'; entries: ReadonlyArray<readonly [string, Tree]> }>;
const piece = fc.string({ unit: fc.constantFrom('a', 'b', ':', '"', '\\', ' ', '{', ','), maxLength: 3 });
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('string' as const), text: piece }),
    fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('tree'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('object' as const), entries: fc.array(fc.tuple(piece, tie('tree')), { maxLength: 4 }) }),
  ),
}));
const space = (index: number): string => [' ', '', '\n\t', ''][index % 4] ?? '';
const written = (value: Tree): string => {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.text);
    case 'array':
      return `[${value.items.map(written).join(', ')}]`;
    case 'object':
      return `{${value.entries.map(([key, entry], index) => `${JSON.stringify(key)}${space(index)}:${space(index + 1)}${written(entry)}`).join(',')}}`;
  }
};

describe('mayRepeatAKey (the fast path before duplicateKeyOf)', () => {
  it('never clears a text in which duplicateKeyOf finds a repeated key, and clears plain texts without one', () => {
    let cleared = 0;
    let repeated = 0;
    fc.assert(
      fc.property(tree, (value) => {
        const text = written(value);
        const duplicate = duplicateKeyOf(text);
        const flagged = mayRepeatAKey(text, JSON.parse(text));
        if (duplicate !== undefined) repeated += 1;
        if (duplicate !== undefined) expect(flagged).toBe(true);
        if (duplicate === undefined && !text.includes('\\')) {
          expect(flagged).toBe(false);
          cleared += 1;
        }
      }),
      { seed: 5, numRuns: 2_000 },
    );
    // The generator really produced both kinds.
    expect(cleared).toBeGreaterThan(100);
    expect(repeated).toBeGreaterThan(100);
  });

  it('flags the repeated key of a body written without escapes', () => {
    const text = '{"amount":"10", "amount" :"20"}';
    expect(mayRepeatAKey(text, JSON.parse(text))).toBe(true);
    const nested = '{"w":{"from":"x"},"v":{"from":"x","from":"y"}}';
    expect(mayRepeatAKey(nested, JSON.parse(nested))).toBe(true);
  });
});
