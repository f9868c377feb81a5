// Query-string values arrive as strings; these decoders turn them into numbers and positions.
import * as t from 'io-ts';
import type { GlobalPosition } from '../../../domain/ports/event-store.ts';
import { wire } from './wire.ts';

// 18 digits keep every position below 2^63, the range every store can represent.
const positionPattern = /^(0|[1-9][0-9]{0,17})$/;
const PositionCodec = new t.Type<GlobalPosition, string, unknown>(
  'Position',
  (value): value is GlobalPosition => typeof value === 'bigint',
  (input, context) =>
    typeof input === 'string' && positionPattern.test(input)
      ? t.success(BigInt(input))
      : t.failure(input, context, 'a position is a decimal string of at most 18 digits'),
  (position) => position.toString(),
);

export const pageLimitMax = 1000;
const limitPattern = /^([1-9][0-9]{0,2}|1000)$/;
const LimitCodec = new t.Type<number, string, unknown>(
  'Limit',
  (value): value is number => typeof value === 'number',
  (input, context) =>
    typeof input === 'string' && limitPattern.test(input)
      ? t.success(Number(input))
      : t.failure(input, context, `a limit is an integer from 1 to ${pageLimitMax}`),
  String,
);

export const queryFields = {
  position: wire(PositionCodec, { type: 'string', pattern: positionPattern.source, description: 'global position (decimal string)' }),
  limit: wire(LimitCodec, { type: 'string', pattern: limitPattern.source, description: `page size, 1 to ${pageLimitMax}` }),
} as const;
