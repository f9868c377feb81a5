// The events of one account stream. Stored shapes never change: a new need gets a new event type.
// Each event has one io-ts codec; data is decoded on every read from a store.
import * as t from 'io-ts';
import { AccountId, AlertId, ChargeId, CountryCode, DeviceId, IncidentId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId } from './ids.ts';
import { InstantCodec } from './instant.ts';
import { CurrencyCodec, MoneyCodec } from './money.ts';
import { RejectionCodeCodec } from './rejection-code.ts';

export const VerificationMethod = t.keyof({ sms_otp: null, email_link: null, totp: null, passkey: null });
export type VerificationMethod = t.TypeOf<typeof VerificationMethod>;
export const LoginOutcome = t.keyof({ succeeded: null, failed: null });
export type LoginOutcome = t.TypeOf<typeof LoginOutcome>;

const event = <T extends string, D extends t.Props, O extends t.Props>(type: T, required: D, optional: O) =>
  t.type({
    type: t.literal(type),
    data: t.exact(t.intersection([t.type(required), t.partial(optional)])),
  });

const base = { accountId: AccountId, occurredAt: InstantCodec };

export const AccountOpened = event('AccountOpened', { ...base, currency: CurrencyCodec, homeCountry: CountryCode }, {});
export const DeviceRegistered = event('DeviceRegistered', { ...base, deviceId: DeviceId }, {});
export const DeviceVerified = event('DeviceVerified', { ...base, deviceId: DeviceId, method: VerificationMethod }, {});
export const DeviceRemoved = event('DeviceRemoved', { ...base, deviceId: DeviceId }, {});
export const LoginRecorded = event(
  'LoginRecorded',
  { ...base, loginId: LoginId, deviceId: DeviceId, ipAddress: IpAddress, country: CountryCode, outcome: LoginOutcome },
  {},
);
export const WalletToppedUp = event('WalletToppedUp', { ...base, topUpId: TopUpId, amount: MoneyCodec, source: Text }, {});
const chargeFields = {
  ...base,
  chargeId: ChargeId,
  amount: MoneyCodec,
  merchantId: MerchantId,
  storeId: StoreId,
  deviceId: DeviceId,
};
export const WalletCharged = event('WalletCharged', chargeFields, { category: Text });
// A charge the ledger refused (kept as evidence for fraud analysis; it never changes a balance).
// stepUpReasons (v1.1, only with rejection step_up_required): the step-up rules the charge tripped.
export const ChargeDeclined = event(
  'ChargeDeclined',
  { ...chargeFields, rejection: RejectionCodeCodec },
  { category: Text, stepUpReasons: t.array(Text) },
);
export const ChargeReversed = event(
  'ChargeReversed',
  { ...base, chargeId: ChargeId, amount: MoneyCodec, reason: Text },
  { incidentId: IncidentId },
);
// Two-phase charges. A hold reserves the amount (the available balance drops, the ledger balance
// does not); exactly one of captured, voided or expired settles it. Each release names its amount
// so a fold needs no memory of the hold to apply it.
// holdExpiresAtDefaulted: the client left holdExpiresAt out (a retry without it is the same body).
// stepUpReasons: the risk rules that held it for a step-up instead of charging at once.
export const ChargeHeld = event(
  'ChargeHeld',
  { ...chargeFields, holdExpiresAt: InstantCodec },
  { category: Text, holdExpiresAtDefaulted: t.literal(true), stepUpReasons: t.array(Text) },
);
// amount: what was charged; heldAmount: what the hold reserved (the rest is released).
export const HeldChargeCaptured = event(
  'HeldChargeCaptured',
  { ...base, chargeId: ChargeId, amount: MoneyCodec, heldAmount: MoneyCodec },
  { stepUpMethod: VerificationMethod },
);
export const HoldVoided = event(
  'HoldVoided',
  { ...base, chargeId: ChargeId, amount: MoneyCodec, reason: Text },
  { incidentId: IncidentId },
);
// occurredAt is the hold's holdExpiresAt, whenever the ledger noticed.
export const HoldExpired = event('HoldExpired', { ...base, chargeId: ChargeId, amount: MoneyCodec }, {});
export const AccountFrozen = event('AccountFrozen', { ...base, reason: Text }, { alertId: AlertId });
export const AccountUnfrozen = event('AccountUnfrozen', { ...base, reason: Text }, {});

export const LedgerEventCodec = t.union([
  AccountOpened,
  DeviceRegistered,
  DeviceVerified,
  DeviceRemoved,
  LoginRecorded,
  WalletToppedUp,
  WalletCharged,
  ChargeDeclined,
  ChargeReversed,
  AccountFrozen,
  AccountUnfrozen,
  ChargeHeld,
  HeldChargeCaptured,
  HoldVoided,
  HoldExpired,
]);
export type LedgerEvent = t.TypeOf<typeof LedgerEventCodec>;
export type LedgerEventType = LedgerEvent['type'];
export type EventOf<K extends LedgerEventType> = Extract<LedgerEvent, { type: K }>;

export const accountStreamId = (accountId: AccountId): string => `account-${accountId}`;

// One codec per type, so decoding a stored event tries exactly one codec instead of the union's
// fifteen in turn (replays decode millions of events).
export const ledgerEventCodecByType: { readonly [K in LedgerEventType]: t.Decoder<unknown, EventOf<K>> } = {
  AccountOpened,
  DeviceRegistered,
  DeviceVerified,
  DeviceRemoved,
  LoginRecorded,
  WalletToppedUp,
  WalletCharged,
  ChargeDeclined,
  ChargeReversed,
  AccountFrozen,
  AccountUnfrozen,
  ChargeHeld,
  HeldChargeCaptured,
  HoldVoided,
  HoldExpired,
};

export const isLedgerEventType = (type: string): type is LedgerEventType =>
  Object.prototype.hasOwnProperty.call(ledgerEventCodecByType, type);
