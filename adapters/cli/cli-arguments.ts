// Every CLI argument crosses an io-ts codec, like an HTTP body: ids, times, formats, counts. A
// value that does not decode is a usage failure naming the option and the codec's reason.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { type Instant, InstantCodec, instantFromEpochMs } from '../../domain/instant.ts';
import { usageFailure } from './cli-failure.ts';

const shownLengthMax = 60;

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > shownLengthMax ? `${text.slice(0, shownLengthMax)}…` : text;
};

// What an id must look like (the contract's rule), for messages about branded ids.
export const idHint = '1 to 128 letters, digits and -_.:';

export const decodeArgument = <A>(codec: t.Decoder<unknown, A>, value: unknown, label: string, hint?: string): A => {
  const decoded = codec.decode(value);
  if (!isLeft(decoded)) return decoded.right;
  const reason = decoded.left.map((error) => error.message).find((message) => message !== undefined);
  throw usageFailure(`invalid ${label} "${shown(value)}": ${reason ?? `expected ${hint ?? codec.name}`}`);
};

export const decodeOptional = <A>(codec: t.Decoder<unknown, A>, value: unknown, label: string, hint?: string): A | undefined =>
  value === undefined ? undefined : decodeArgument(codec, value, label, hint);

// Both bitemporal coordinates default to the moment the command runs (as the HTTP API's "now");
// the caller reads the clock once, so a default asOf and knownAt are the same instant.
export const instantOrNow = (value: unknown, label: string, nowMs: number): Instant =>
  decodeOptional(InstantCodec, value, label) ?? instantFromEpochMs(nowMs);

export const decodeInstant = (value: unknown, label: string): Instant => decodeArgument(InstantCodec, value, label);
export const decodeOptionalInstant = (value: unknown, label: string): Instant | undefined => decodeOptional(InstantCodec, value, label);

export const formatCodec = <F extends string>(formats: ReadonlyArray<F>) =>
  t.keyof(Object.fromEntries(formats.map((format) => [format, null])) as Record<F, null>, formats.join('|'));

// A positive integer given on the command line (a decimal string), at most `max`.
export const countCodec = (max: number, min = 1) =>
  new t.Type<number, string, unknown>(
    `integer ${min}..${max}`,
    (value): value is number => typeof value === 'number',
    (input, context) => {
      const count = typeof input === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(input) ? Number(input) : Number.NaN;
      return count >= min && count <= max ? t.success(count) : t.failure(input, context, `a whole number from ${min} to ${max}`);
    },
    String,
  );

// commander collects repeated options (--country JP --country CN) with this.
export const collect = (value: string, previous: ReadonlyArray<string> | undefined): ReadonlyArray<string> => [...(previous ?? []), value];
