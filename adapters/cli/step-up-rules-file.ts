// The step-up rules file (LEDGER_STEP_UP, `rules what-if --step-up`), in the fraud rules-file
// format (fraud-rules-file.ts): a JSON object naming the rules to run; a rule named runs with the
// file's thresholds over its defaults, a rule left out is off, an unknown rule or threshold name is
// refused. Example: {"device-verified-recently": {}, "amount-over-threshold": {"amountMaxByCurrency": {"JPY": "50000"}}}.
import { readFileSync } from 'node:fs';
import { type Either, isLeft, isRight, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type Decimal from 'decimal.js';
import { type Currency, CurrencyCodec, PositiveAmountCodec } from '../../domain/money.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import { AmountString, positiveInteger, rulesFileBytesMax, strictPartial, yearMs } from './fraud-rules-file.ts';

const hourMs = 3_600_000;

// The thresholds a rule named with no thresholds runs with (the contract's examples).
export const defaultStepUpThresholds = {
  'device-verified-recently': { withinMs: 24 * hourMs },
  'foreign-login-recently': { withinMs: hourMs, sameDevice: false },
  'amount-over-threshold': {
    amountMaxByCurrency: { JPY: '30000', KRW: '300000', USD: '300.00', EUR: '300.00', GBP: '250.00', CNY: '2000.00' },
  },
} as const;

const StepUpFileCodec = strictPartial(
  {
    'device-verified-recently': strictPartial({ withinMs: positiveInteger(yearMs) }, 'device-verified-recently'),
    'foreign-login-recently': strictPartial({ withinMs: positiveInteger(yearMs), sameDevice: t.boolean }, 'foreign-login-recently'),
    'amount-over-threshold': strictPartial({ amountMaxByCurrency: t.record(CurrencyCodec, AmountString) }, 'amount-over-threshold'),
  },
  'step-up rule set',
);

// Amounts become Decimals once, here: a charge's check then allocates nothing to compare.
const decimals = (amounts: Readonly<Partial<Record<Currency, string>>>): Partial<Record<Currency, Decimal>> => {
  const out: Partial<Record<Currency, Decimal>> = {};
  for (const [currency, text] of Object.entries(amounts)) {
    const decodedCurrency = CurrencyCodec.decode(currency);
    const amount = PositiveAmountCodec.decode(text);
    if (isRight(decodedCurrency) && isRight(amount)) out[decodedCurrency.right] = amount.right;
  }
  return out;
};

// The codec's own message (an unknown name), else where the value is and what it must be.
const firstMessage = (errors: t.Errors): string => {
  const message = errors.map((error) => error.message).find((text) => text !== undefined);
  if (message !== undefined) return message;
  const context = errors[0]?.context ?? [];
  const path = context.map((entry) => entry.key).filter((key) => key !== '').join('.');
  return `${path === '' ? 'the file' : path} must be ${context.at(-1)?.type.name ?? 'a rule set'}`;
};

// A decoded JSON value to rules; a problem is one sentence.
export const stepUpRulesFrom = (json: unknown): Either<string, StepUpRules> => {
  const file = StepUpFileCodec.decode(json);
  if (isLeft(file)) return left(firstMessage(file.left));
  const { 'device-verified-recently': fresh, 'foreign-login-recently': foreign, 'amount-over-threshold': amount } = file.right;
  const defaults = defaultStepUpThresholds;
  return right({
    ...(fresh === undefined ? {} : { 'device-verified-recently': { ...defaults['device-verified-recently'], ...fresh } }),
    ...(foreign === undefined ? {} : { 'foreign-login-recently': { ...defaults['foreign-login-recently'], ...foreign } }),
    ...(amount === undefined
      ? {}
      : { 'amount-over-threshold': { amountMaxByCurrency: decimals(amount.amountMaxByCurrency ?? defaults['amount-over-threshold'].amountMaxByCurrency) } }),
  });
};

export const readStepUpRulesFile = (path: string): Either<string, StepUpRules> => {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > rulesFileBytesMax) return left(`${path} is larger than ${rulesFileBytesMax} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    return left(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return left(`${path} is not JSON`);
  }
  const rules = stepUpRulesFrom(json);
  return isLeft(rules) ? left(`${path}: ${rules.left}`) : rules;
};
