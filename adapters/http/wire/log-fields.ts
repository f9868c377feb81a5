// Tree sizes and leaf indices on the wire: decimal integers of at most 15 digits (below 2^53, so
// exact as JSON numbers). Anything else, and anything past the latest checkpoint, is 400.
import * as t from 'io-ts';
import { wire } from './wire.ts';

const countPattern = /^(0|[1-9][0-9]{0,14})$/;
const CountCodec = new t.Type<number, string, unknown>(
  'LogCount',
  (value): value is number => typeof value === 'number',
  (input, context) =>
    typeof input === 'string' && countPattern.test(input)
      ? t.success(Number(input))
      : t.failure(input, context, 'a tree size or log index is a decimal integer of at most 15 digits'),
  String,
);

export const logCount = (description: string) => wire(CountCodec, { type: 'string', pattern: countPattern.source, description });
