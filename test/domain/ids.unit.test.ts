import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { AccountId, ChargeId, CountryCode, DeviceId, IpAddress, Text, idPattern, textLengthMax } from '../../domain/ids.ts';

const idCodecs: ReadonlyArray<t.Decoder<unknown, unknown>> = [AccountId, DeviceId, ChargeId];

describe('ids (1 to 128 letters, digits and -_.:)', () => {
  it.each(['a', 'A-1', 'acc_2024.07:x', '0', '-', 'urn:wallet:acc.1', 'x'.repeat(128)])('accepts %s', (input) => {
    for (const codec of idCodecs) expect(isRight(codec.decode(input))).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a space', 'acc 1'],
    ['a slash', 'acc/1'],
    ['a path traversal', '..%2F'],
    ['a Cyrillic a (look-alike)', 'аcc-1'],
    ['a Greek omicron (look-alike)', 'acc-ο'],
    ['a full-width digit', 'acc-１'],
    ['a non-breaking hyphen', 'acc‑1'],
    ['an accented letter', 'accé'],
    ['a combining mark', 'acce\u0301'],
    ['a zero-width space', 'acc\u200b1'],
    ['a trailing newline', 'acc-1\n'],
    ['a NUL', 'acc\u00001'],
    ['an emoji', 'acc-💳'],
  ])('refuses %s', (_what, input) => {
    for (const codec of idCodecs) expect(isLeft(codec.decode(input))).toBe(true);
    expect(idPattern.test(input)).toBe(false);
  });

  it.each([1, null, undefined, ['a'], { id: 'a' }])('refuses the non-string %j', (input) => {
    expect(isLeft(AccountId.decode(input))).toBe(true);
  });

  it('refuses 128 look-alike letters even though their length fits', () => {
    expect(isLeft(AccountId.decode('а'.repeat(128)))).toBe(true);
  });
});

describe('other identifiers and text', () => {
  it('takes country codes as two capital letters', () => {
    expect(isRight(CountryCode.decode('JP'))).toBe(true);
    expect(isRight(CountryCode.decode('XK'))).toBe(true);
    for (const bad of ['jp', 'JPN', 'J', '', 'J1']) expect(isLeft(CountryCode.decode(bad))).toBe(true);
  });

  it('takes IPv4 and IPv6 addresses in textual form', () => {
    for (const good of ['203.0.113.7', '0.0.0.0', '::1', '2001:db8::1', '::ffff:192.0.2.1']) expect(isRight(IpAddress.decode(good))).toBe(true);
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', 'localhost', '', '1.2.3.4 ', 'abcd']) expect(isLeft(IpAddress.decode(bad))).toBe(true);
  });

  it('bounds free text and refuses control characters', () => {
    expect(isRight(Text.decode('x'.repeat(textLengthMax)))).toBe(true);
    for (const bad of ['', 'x'.repeat(textLengthMax + 1), 'line\nbreak', 'tab\there', 'del\u007f']) expect(isLeft(Text.decode(bad))).toBe(true);
    // Format characters: a right-to-left override, a zero-width space, a byte-order mark.
    for (const hidden of ['refund \u202Ednufer', 'zero\u200Bwidth', '\uFEFFbom']) expect(isLeft(Text.decode(hidden))).toBe(true);
    for (const visible of ['返金 (fraud)', 'Zahlung für Betrug', 'café']) expect(isRight(Text.decode(visible))).toBe(true);
  });
});
