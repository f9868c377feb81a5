// io-ts building blocks for the detector snapshot (detector-snapshot.ts): the JSON forms of the
// values JSON cannot hold as they are (bigint positions, finite numbers only, -Infinity, Decimal
// money, immutable maps). Every decoder refuses what the state could never contain.
import { Map as ImmutableMap } from 'immutable';
import * as t from 'io-ts';
import { CurrencyCodec, type Money, PositiveAmountCodec, scaleFits } from '../../domain/money.ts';

// A global position: 0 (before any event) or a positive integer, written as a decimal string.
export const PositionTextCodec = new t.Type<bigint, string, unknown>(
  'PositionText',
  (value): value is bigint => typeof value === 'bigint' && value >= 0n,
  (input, context) =>
    typeof input === 'string' && /^(0|[1-9][0-9]{0,19})$/.test(input) ? t.success(BigInt(input)) : t.failure(input, context, 'a position as a decimal string'),
  (position) => position.toString(),
);

export const FiniteNumberCodec = new t.Type<number, number, unknown>(
  'FiniteNumber',
  (value): value is number => typeof value === 'number' && Number.isFinite(value),
  (input, context) => (typeof input === 'number' && Number.isFinite(input) ? t.success(input) : t.failure(input, context, 'a finite number')),
  (value) => value,
);

export const CountCodec = new t.Type<number, number, unknown>(
  'Count',
  (value): value is number => Number.isSafeInteger(value) && (value as number) >= 0,
  (input, context) => (Number.isSafeInteger(input) && (input as number) >= 0 ? t.success(input as number) : t.failure(input, context, 'a count')),
  (value) => value,
);

// The watermark starts at -Infinity (no event seen yet), which JSON spells null.
export const WatermarkCodec = new t.Type<number, number | null, unknown>(
  'Watermark',
  (value): value is number => typeof value === 'number' && (Number.isFinite(value) || value === Number.NEGATIVE_INFINITY),
  (input, context) => {
    if (input === null) return t.success(Number.NEGATIVE_INFINITY);
    return typeof input === 'number' && Number.isFinite(input) ? t.success(input) : t.failure(input, context, 'a watermark (finite or null)');
  },
  (value) => (value === Number.NEGATIVE_INFINITY ? null : value),
);

const MoneyFields = t.type({ amount: PositiveAmountCodec, currency: CurrencyCodec });

// A charge amount: positive, and its scale fits its currency (as every stored charge's does).
export const MoneyCodec = new t.Type<Money, t.OutputOf<typeof MoneyFields>, unknown>(
  'Money',
  (value): value is Money => MoneyFields.is(value),
  (input, context) => {
    const decoded = MoneyFields.validate(input, context);
    if (decoded._tag === 'Left') return decoded;
    const { amount, currency } = decoded.right;
    return scaleFits(amount, currency) ? t.success({ amount, currency }) : t.failure(input, context, `an amount with the scale of ${currency}`);
  },
  (value) => MoneyFields.encode(value),
);

// An immutable map as a list of [key, value] pairs; a key present twice is a broken snapshot.
export const immutableMapCodec = <K, KO, V, VO>(
  name: string,
  key: t.Type<K, KO, unknown>,
  value: t.Type<V, VO, unknown>,
): t.Type<ImmutableMap<K, V>, Array<[KO, VO]>, unknown> => {
  const pairs = t.array(t.tuple([key, value]));
  return new t.Type<ImmutableMap<K, V>, Array<[KO, VO]>, unknown>(
    name,
    (input): input is ImmutableMap<K, V> => ImmutableMap.isMap(input),
    (input, context) => {
      const decoded = pairs.validate(input, context);
      if (decoded._tag === 'Left') return decoded;
      const map = ImmutableMap<K, V>(decoded.right);
      return map.size === decoded.right.length ? t.success(map) : t.failure(input, context, `${name} has a key twice`);
    },
    (map) => map.entrySeq().map(([k, v]): [KO, VO] => [key.encode(k), value.encode(v)]).toArray(),
  );
};
