// Commands: what callers ask of an account. Time and ids arrive on the command as data.
import type Decimal from 'decimal.js';
import type {
  AccountId, AlertId, ChargeId, CountryCode, DeviceId, IncidentId, IpAddress, LoginId, MerchantId, StoreId, Text, TopUpId,
} from './ids.ts';
import type { LoginOutcome, VerificationMethod } from './events.ts';
import type { Instant } from './instant.ts';
import type { Currency } from './money.ts';
import type { StepUpRequest } from './step-up.ts';

type Base = Readonly<{ accountId: AccountId; occurredAt: Instant }>;

export type OpenAccount = Base & Readonly<{ kind: 'OpenAccount'; currency: Currency; homeCountry: CountryCode }>;
export type RegisterDevice = Base & Readonly<{ kind: 'RegisterDevice'; deviceId: DeviceId }>;
export type VerifyDevice = Base & Readonly<{ kind: 'VerifyDevice'; deviceId: DeviceId; method: VerificationMethod }>;
export type RemoveDevice = Base & Readonly<{ kind: 'RemoveDevice'; deviceId: DeviceId }>;
export type RecordLogin = Base &
  Readonly<{
    kind: 'RecordLogin';
    loginId: LoginId;
    deviceId: DeviceId;
    ipAddress: IpAddress;
    country: CountryCode;
    outcome: LoginOutcome;
  }>;
// `currency` is optional on the wire: when given it must be the account's (currency_mismatch).
// `amountFractionDigits`: the fraction digits the amount was written with ("1200.0" has one), which
// the Decimal value forgets; the contract refuses more than the currency allows even when zeros.
export type TopUpWallet = Base &
  Readonly<{ kind: 'TopUpWallet'; topUpId: TopUpId; amount: Decimal; amountFractionDigits?: number; currency?: Currency; source: Text }>;
// `hold` (capture "manual"): reserve the amount instead of charging it. `ledgerTime` is the ledger's
// clock when the command runs (expiry is judged by it); `expiresAt` as the client asked, if it did.
export type HoldRequest = Readonly<{ ledgerTime: Instant; expiresAt?: Instant }>;
export type ChargeWallet = Base &
  Readonly<{
    kind: 'ChargeWallet';
    chargeId: ChargeId;
    amount: Decimal;
    amountFractionDigits?: number;
    currency?: Currency;
    merchantId: MerchantId;
    storeId: StoreId;
    deviceId: DeviceId;
    category?: Text;
    hold?: HoldRequest;
    // Present when step-up is on (domain/step-up.ts); absent, no risk check runs.
    stepUp?: StepUpRequest;
  }>;
// Settling a hold. `ledgerTime`: the ledger's clock, past the hold's expiry nothing but the expiry
// settles it. A capture without an amount charges the whole hold.
export type CaptureHeldCharge = Base &
  Readonly<{
    kind: 'CaptureHeldCharge';
    chargeId: ChargeId;
    amount?: Decimal;
    amountFractionDigits?: number;
    ledgerTime: Instant;
    stepUpMethod?: VerificationMethod;
  }>;
export type VoidHold = Base &
  Readonly<{ kind: 'VoidHold'; chargeId: ChargeId; reason: Text; incidentId?: IncidentId; ledgerTime: Instant }>;
// Issued by the ledger itself: occurredAt is its clock, the release is recorded at the hold's expiry.
export type ExpireHold = Base & Readonly<{ kind: 'ExpireHold'; chargeId: ChargeId }>;
export type ReverseCharge = Base &
  Readonly<{ kind: 'ReverseCharge'; chargeId: ChargeId; reason: Text; incidentId?: IncidentId }>;
export type FreezeAccount = Base & Readonly<{ kind: 'FreezeAccount'; reason: Text; alertId?: AlertId }>;
export type UnfreezeAccount = Base & Readonly<{ kind: 'UnfreezeAccount'; reason: Text }>;

export type Command =
  | OpenAccount
  | RegisterDevice
  | VerifyDevice
  | RemoveDevice
  | RecordLogin
  | TopUpWallet
  | ChargeWallet
  | CaptureHeldCharge
  | VoidHold
  | ExpireHold
  | ReverseCharge
  | FreezeAccount
  | UnfreezeAccount;
