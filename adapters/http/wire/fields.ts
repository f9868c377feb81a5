// The leaf wire types: each domain codec beside the JSON Schema that documents it. Where JSON
// Schema cannot say everything a codec checks (a calendar date that does not exist, an offset
// that moves an instant outside the ledger's years), the schema is the looser one and says so.
import * as t from 'io-ts';
import {
  AccountId, AlertId, ChargeId, CountryCode, DeviceId, IncidentId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId, textLengthMax,
} from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { CurrencyCodec, PositiveAmountCodec, currencyMinorUnits } from '../../../domain/money.ts';
import { LoginOutcome, VerificationMethod } from '../../../domain/events.ts';
import { wire } from './wire.ts';

const idSchema = (what: string) =>
  ({ type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$', description: `${what}: 1 to 128 letters, digits and -_.:` }) as const;

export const fields = {
  accountId: wire(AccountId, idSchema('account id')),
  deviceId: wire(DeviceId, idSchema('device id')),
  chargeId: wire(ChargeId, idSchema('charge id')),
  topUpId: wire(TopUpId, idSchema('top-up id')),
  loginId: wire(LoginId, idSchema('login id')),
  incidentId: wire(IncidentId, idSchema('incident id')),
  merchantId: wire(MerchantId, idSchema('merchant id')),
  storeId: wire(StoreId, idSchema('store id')),
  alertId: wire(AlertId, idSchema('alert id')),
  instant: wire(InstantCodec, {
    type: 'string',
    maxLength: 40,
    pattern:
      '^(19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
      'T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$',
    description: 'ISO-8601 time with an offset, e.g. 2019-07-03T10:15:00+09:00; the date must exist and fall in 1970..9998 (UTC)',
    examples: ['2019-07-03T10:15:00+09:00'],
  }),
  amount: wire(PositiveAmountCodec, {
    type: 'string',
    pattern: '^(?=.*[1-9])(0|[1-9][0-9]{0,14})(\\.[0-9]{1,3})?$',
    description: "positive decimal string, at most 15 integer digits and no more fraction digits than the account's currency allows",
    examples: ['730000', '12.50'],
  }),
  currency: wire(CurrencyCodec, { type: 'string', enum: Object.keys(currencyMinorUnits), description: 'ISO 4217 code' }),
  country: wire(CountryCode, { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code' }),
  text: wire(Text, {
    type: 'string',
    minLength: 1,
    maxLength: textLengthMax,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: `1 to ${textLengthMax} characters (UTF-16 code units), no control characters`,
  }),
  ipAddress: wire(IpAddress, {
    type: 'string',
    pattern:
      '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|(?=.*:)[0-9A-Fa-f:.]{2,45})$',
    description: 'IPv4 or IPv6 address in textual form',
  }),
  verificationMethod: wire(VerificationMethod, { type: 'string', enum: Object.keys(VerificationMethod.keys) }),
  loginOutcome: wire(LoginOutcome, { type: 'string', enum: Object.keys(LoginOutcome.keys) }),
  boolean: wire(t.boolean, { type: 'boolean' }),
  stepUpSupport: wire(t.literal('supported'), {
    type: 'string',
    enum: ['supported'],
    description: 'supported: a charge the step-up rules flag is held and answered 202 instead of refused',
  }),
  captureMode: wire(t.literal('manual'), { type: 'string', enum: ['manual'], description: 'manual: hold now, capture later' }),
} as const;

// The fraction digits a body's amount was written with: the decoded Decimal forgets the zero of
// "1200.0", which the contract still refuses for JPY. Read after the body decoded (amount valid).
export const writtenFractionDigits = (rawBody: unknown): number | undefined => {
  if (typeof rawBody !== 'object' || rawBody === null || !('amount' in rawBody) || typeof rawBody.amount !== 'string') return undefined;
  const point = rawBody.amount.indexOf('.');
  return point === -1 ? 0 : rawBody.amount.length - point - 1;
};
