// Builders for decider tests: ids, times and amounts go through the domain's own codecs (no casts),
// commands and events default to one USD account with sensible values that a test overrides.
import type Decimal from 'decimal.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type {
  CaptureHeldCharge, ChargeWallet, ExpireHold, FreezeAccount, VoidHold, OpenAccount, RecordLogin, RegisterDevice, RemoveDevice, ReverseCharge, TopUpWallet,
  UnfreezeAccount, VerifyDevice,
} from '../../domain/commands.ts';
import type { EventOf, LedgerEventType, VerificationMethod } from '../../domain/events.ts';
import {
  AccountId, ChargeId, CountryCode, DeviceId, IncidentId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId,
} from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import { type Currency, PositiveAmountCodec, money } from '../../domain/money.ts';
import type { RejectionCode } from '../../domain/rejection-code.ts';

export const decodeOrThrow = <A, O>(codec: t.Type<A, O, unknown>, input: unknown): A => {
  const decoded = codec.decode(input);
  if (isLeft(decoded)) throw new Error(`fixture: ${JSON.stringify(input)} is not a valid ${codec.name}`);
  return decoded.right;
};

export const at = (iso: string): Instant => decodeOrThrow(InstantCodec, iso);
export const amount = (text: string): Decimal => decodeOrThrow(PositiveAmountCodec, text);
export const text = (value: string): Text => decodeOrThrow(Text, value);
export const deviceId = (value: string): DeviceId => decodeOrThrow(DeviceId, value);
export const chargeId = (value: string): ChargeId => decodeOrThrow(ChargeId, value);
export const topUpId = (value: string): TopUpId => decodeOrThrow(TopUpId, value);
export const loginId = (value: string): LoginId => decodeOrThrow(LoginId, value);
export const incidentId = (value: string): IncidentId => decodeOrThrow(IncidentId, value);
export const merchantId = (value: string): MerchantId => decodeOrThrow(MerchantId, value);
export const country = (value: string): CountryCode => decodeOrThrow(CountryCode, value);

export const accountId = decodeOrThrow(AccountId, 'acc-1');
export const phone = deviceId('dev-phone');
export const opened = at('2024-01-01T09:00:00+09:00');
export const later = at('2024-01-02T09:00:00+09:00');
export const merchant = merchantId('merchant-1');
export const store = decodeOrThrow(StoreId, 'store-1');
const home = country('JP');
const ip = decodeOrThrow(IpAddress, '203.0.113.7');

// Commands -----------------------------------------------------------------------------------------

export const openAccount = (o: Partial<OpenAccount> = {}): OpenAccount =>
  ({ kind: 'OpenAccount', accountId, currency: 'USD', homeCountry: home, occurredAt: opened, ...o });
export const registerDevice = (o: Partial<RegisterDevice> = {}): RegisterDevice =>
  ({ kind: 'RegisterDevice', accountId, deviceId: phone, occurredAt: opened, ...o });
export const verifyDevice = (o: Partial<VerifyDevice> = {}): VerifyDevice =>
  ({ kind: 'VerifyDevice', accountId, deviceId: phone, method: 'sms_otp', occurredAt: opened, ...o });
export const removeDevice = (o: Partial<RemoveDevice> = {}): RemoveDevice =>
  ({ kind: 'RemoveDevice', accountId, deviceId: phone, occurredAt: later, ...o });
export const recordLogin = (o: Partial<RecordLogin> = {}): RecordLogin => ({
  kind: 'RecordLogin', accountId, loginId: loginId('login-1'), deviceId: phone, ipAddress: ip, country: home,
  outcome: 'succeeded', occurredAt: later, ...o,
});
export const topUp = (id: string, value: string, o: Partial<TopUpWallet> = {}): TopUpWallet => ({
  kind: 'TopUpWallet', accountId, topUpId: topUpId(id), amount: amount(value), source: text('bank transfer'),
  occurredAt: later, ...o,
});
export const charge = (id: string, value: string, o: Partial<ChargeWallet> = {}): ChargeWallet => ({
  kind: 'ChargeWallet', accountId, chargeId: chargeId(id), amount: amount(value), merchantId: merchant, storeId: store,
  deviceId: phone, occurredAt: later, ...o,
});
// Holds: placed at `later` by a ledger whose clock reads `later`; by default they expire 7 days on.
export const holdExpiry = at('2024-01-09T09:00:00+09:00');
export const hold = (id: string, value: string, o: Partial<ChargeWallet> = {}): ChargeWallet =>
  charge(id, value, { hold: { ledgerTime: later }, ...o });
export const capture = (id: string, o: Partial<CaptureHeldCharge> = {}): CaptureHeldCharge =>
  ({ kind: 'CaptureHeldCharge', accountId, chargeId: chargeId(id), occurredAt: later, ledgerTime: later, ...o });
export const voidHold = (id: string, o: Partial<VoidHold> = {}): VoidHold =>
  ({ kind: 'VoidHold', accountId, chargeId: chargeId(id), reason: text('order cancelled'), occurredAt: later, ledgerTime: later, ...o });
export const expireHold = (id: string, o: Partial<ExpireHold> = {}): ExpireHold =>
  ({ kind: 'ExpireHold', accountId, chargeId: chargeId(id), occurredAt: holdExpiry, ...o });
export const reverse = (id: string, o: Partial<ReverseCharge> = {}): ReverseCharge =>
  ({ kind: 'ReverseCharge', accountId, chargeId: chargeId(id), reason: text('disputed'), occurredAt: later, ...o });
export const freeze = (o: Partial<FreezeAccount> = {}): FreezeAccount =>
  ({ kind: 'FreezeAccount', accountId, reason: text('suspected fraud'), occurredAt: later, ...o });
export const unfreeze = (o: Partial<UnfreezeAccount> = {}): UnfreezeAccount =>
  ({ kind: 'UnfreezeAccount', accountId, reason: text('cleared'), occurredAt: later, ...o });

// Events -------------------------------------------------------------------------------------------

type Data<K extends LedgerEventType> = EventOf<K>['data'];

export const accountOpened = (currency: Currency = 'USD', o: Partial<Data<'AccountOpened'>> = {}): EventOf<'AccountOpened'> =>
  ({ type: 'AccountOpened', data: { accountId, currency, homeCountry: home, occurredAt: opened, ...o } });
export const deviceRegistered = (o: Partial<Data<'DeviceRegistered'>> = {}): EventOf<'DeviceRegistered'> =>
  ({ type: 'DeviceRegistered', data: { accountId, deviceId: phone, occurredAt: opened, ...o } });
export const deviceVerified = (
  method: VerificationMethod = 'sms_otp',
  o: Partial<Data<'DeviceVerified'>> = {},
): EventOf<'DeviceVerified'> =>
  ({ type: 'DeviceVerified', data: { accountId, deviceId: phone, method, occurredAt: opened, ...o } });
export const deviceRemoved = (o: Partial<Data<'DeviceRemoved'>> = {}): EventOf<'DeviceRemoved'> =>
  ({ type: 'DeviceRemoved', data: { accountId, deviceId: phone, occurredAt: later, ...o } });
export const loginRecorded = (o: Partial<Data<'LoginRecorded'>> = {}): EventOf<'LoginRecorded'> => {
  const { kind: _kind, ...data } = recordLogin();
  return { type: 'LoginRecorded', data: { ...data, ...o } };
};
export const toppedUp = (id: string, value: string, currency: Currency = 'USD'): EventOf<'WalletToppedUp'> => ({
  type: 'WalletToppedUp',
  data: { accountId, topUpId: topUpId(id), amount: money(amount(value), currency), source: text('bank transfer'), occurredAt: later },
});
export const charged = (id: string, value: string, currency: Currency = 'USD', o: Partial<Data<'WalletCharged'>> = {}): EventOf<'WalletCharged'> => ({
  type: 'WalletCharged',
  data: {
    accountId, chargeId: chargeId(id), amount: money(amount(value), currency), merchantId: merchant, storeId: store,
    deviceId: phone, occurredAt: later, ...o,
  },
});
export const chargeDeclined = (id: string, value: string, rejection: RejectionCode, currency: Currency = 'USD'): EventOf<'ChargeDeclined'> => ({
  type: 'ChargeDeclined',
  data: { ...charged(id, value, currency).data, rejection },
});
export const chargeReversed = (
  id: string,
  value: string,
  currency: Currency = 'USD',
  o: Partial<Data<'ChargeReversed'>> = {},
): EventOf<'ChargeReversed'> => ({
  type: 'ChargeReversed',
  data: { accountId, chargeId: chargeId(id), amount: money(amount(value), currency), reason: text('disputed'), occurredAt: later, ...o },
});
export const chargeHeld = (
  id: string,
  value: string,
  o: Partial<Data<'ChargeHeld'>> = {},
): EventOf<'ChargeHeld'> => ({
  type: 'ChargeHeld',
  data: { ...charged(id, value).data, holdExpiresAt: at('2024-01-09T00:00:00.000Z'), holdExpiresAtDefaulted: true, ...o },
});
export const heldChargeCaptured = (id: string, value: string, held = value, o: Partial<Data<'HeldChargeCaptured'>> = {}): EventOf<'HeldChargeCaptured'> => ({
  type: 'HeldChargeCaptured',
  data: { accountId, chargeId: chargeId(id), amount: money(amount(value), 'USD'), heldAmount: money(amount(held), 'USD'), occurredAt: later, ...o },
});
export const holdVoided = (id: string, value: string, o: Partial<Data<'HoldVoided'>> = {}): EventOf<'HoldVoided'> => ({
  type: 'HoldVoided',
  data: { accountId, chargeId: chargeId(id), amount: money(amount(value), 'USD'), reason: text('order cancelled'), occurredAt: later, ...o },
});
export const holdExpired = (id: string, value: string, o: Partial<Data<'HoldExpired'>> = {}): EventOf<'HoldExpired'> => ({
  type: 'HoldExpired',
  data: { accountId, chargeId: chargeId(id), amount: money(amount(value), 'USD'), occurredAt: at('2024-01-09T00:00:00.000Z'), ...o },
});
export const accountFrozen = (): EventOf<'AccountFrozen'> =>
  ({ type: 'AccountFrozen', data: { accountId, reason: text('suspected fraud'), occurredAt: later } });
export const accountUnfrozen = (): EventOf<'AccountUnfrozen'> =>
  ({ type: 'AccountUnfrozen', data: { accountId, reason: text('cleared'), occurredAt: later } });

// An open USD account with one verified phone: the usual starting point for money commands.
export const readyAccount = (currency: Currency = 'USD') => [accountOpened(currency), deviceRegistered(), deviceVerified()] as const;
