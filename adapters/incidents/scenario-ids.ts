// Literal ids and times for scripted scenarios, checked by their codecs (a typo fails loudly
// instead of being cast into a branded type).
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { LedgerDecimal } from '../../domain/money.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';

export const literal = <A>(codec: t.Type<A, unknown, unknown>, value: string): A => {
  const decoded = codec.decode(value);
  if (isLeft(decoded)) throw new Error(`scenario: ${JSON.stringify(value)} is not a valid ${codec.name}`);
  return decoded.right;
};

export const jst = (dayTime: string): Instant => literal(InstantCodec, `${dayTime}+09:00`);

export const yen = (amount: number): InstanceType<typeof LedgerDecimal> => new LedgerDecimal(amount);

// Minutes after a time, for timelines.
export const plusMinutes = (instant: Instant, minutes: number): Instant =>
  literal(InstantCodec, new Date(Date.parse(instant) + minutes * 60_000).toISOString());
