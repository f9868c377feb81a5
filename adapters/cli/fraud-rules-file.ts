// The rule set a what-if run reads from a JSON file: an object naming the rules to run. A rule
// named runs with the file's thresholds over its defaults (projections/fraud/fraud-rules.ts); a
// rule left out is off; an unknown rule or threshold name is refused (a typo must not silently
// test the defaults). Example: {"velocity": {"chargeCountMax": 5}, "shared-device": {}}.
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { CurrencyCodec, PositiveAmountCodec } from '../../domain/money.ts';
import { type FraudRules, defaultFraudRules } from '../../projections/fraud/fraud-rules.ts';
import { decodeArgument } from './cli-arguments.ts';
import { CliFailure, usageFailure } from './cli-failure.ts';

export const rulesFileBytesMax = 1024 * 1024;
export const yearMs = 366 * 24 * 3_600_000;
const countMax = 1_000_000;

export const positiveInteger = (max: number) =>
  t.refinement(t.number, (value) => Number.isSafeInteger(value) && value >= 1 && value <= max, `an integer from 1 to ${max}`);

export const AmountString = t.refinement(t.string, (value) => !isLeft(PositiveAmountCodec.decode(value)), 'a positive decimal string');
const Amounts = t.record(CurrencyCodec, AmountString);

// Like t.exact(t.partial(props)), but a key the props do not name is a failure, not dropped.
export const strictPartial = <P extends t.Props>(props: P, name: string) => {
  const partial = t.exact(t.partial(props));
  return new t.Type<t.TypeOf<typeof partial>, unknown, unknown>(
    name,
    partial.is,
    (input, context) => {
      const unknownKeys = typeof input === 'object' && input !== null ? Object.keys(input).filter((key) => !(key in props)) : [];
      return unknownKeys.length > 0 ? t.failure(input, context, `${name}: unknown ${unknownKeys.join(', ')} (known: ${Object.keys(props).join(', ')})`) : partial.validate(input, context);
    },
    partial.encode,
  );
};

const RulesFileCodec = strictPartial(
  {
    'foreign-login-new-device': strictPartial({ followUpWindowMs: positiveInteger(yearMs), knownDevicesPerAccountMax: positiveInteger(countMax) }, 'foreign-login-new-device'),
    'shared-device': strictPartial(
      { accountsMin: positiveInteger(countMax), windowMs: positiveInteger(yearMs), accountsPerDeviceMax: positiveInteger(countMax) }, 'shared-device'),
    velocity: strictPartial(
      {
        windowMs: positiveInteger(yearMs), chargeCountMax: positiveInteger(countMax), chargeCountMinForAmount: positiveInteger(countMax),
        amountMaxByCurrency: Amounts, chargesPerAccountMax: positiveInteger(countMax),
      },
      'velocity'),
    'impossible-travel': strictPartial(
      { speedKmPerHourMax: positiveInteger(countMax), distanceKmMin: positiveInteger(countMax), placeMemoryMs: positiveInteger(yearMs) }, 'impossible-travel'),
    'fresh-device-large-charge': strictPartial({ windowMs: positiveInteger(yearMs), amountMinByCurrency: Amounts }, 'fresh-device-large-charge'),
  },
  'rule set',
);

const readJson = (path: string): unknown => {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > rulesFileBytesMax) throw usageFailure(`--rules ${path} is larger than ${rulesFileBytesMax} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    throw error instanceof CliFailure ? error : usageFailure(`cannot read --rules ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw usageFailure(`--rules ${path} is not JSON`);
  }
};

// A rule named in the file: its defaults with the file's thresholds over them.
const named = <K extends keyof FraudRules>(name: K, overrides: Partial<NonNullable<FraudRules[K]>> | undefined): FraudRules => {
  const defaults = defaultFraudRules[name];
  return overrides === undefined || defaults === undefined ? {} : { [name]: { ...defaults, ...overrides } };
};

export const readRulesFile = (path: string): FraudRules => {
  const file = decodeArgument(RulesFileCodec, readJson(path), `--rules ${path}`);
  return {
    ...named('foreign-login-new-device', file['foreign-login-new-device']),
    ...named('shared-device', file['shared-device']),
    ...named('velocity', file.velocity),
    ...named('impossible-travel', file['impossible-travel']),
    ...named('fresh-device-large-charge', file['fresh-device-large-charge']),
  };
};
