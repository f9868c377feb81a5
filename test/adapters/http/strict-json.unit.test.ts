// The duplicate-key check behind every JSON body: a key repeated within one object is found,
// however it is escaped; the same key in different objects, or in an array's objects, is fine.
import { describe, expect, it } from 'vitest';
import { duplicateKeyOf } from '../../../adapters/http/plugins/strict-json.ts';

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
