// Domain rejections: values in a Left, never thrown. The HTTP adapter maps each to a status.
import type { AccountId, ChargeId, DeviceId, Text } from './ids.ts';
import type { Instant } from './instant.ts';
import type { Currency, Money } from './money.ts';
import type { RejectionCode } from './rejection-code.ts';

export type Rejection =
  | Readonly<{ code: 'insufficient_funds'; accountId: AccountId; balance: Money; requested: Money }>
  | Readonly<{ code: 'device_not_registered'; accountId: AccountId; deviceId: DeviceId }>
  | Readonly<{ code: 'device_not_verified'; accountId: AccountId; deviceId: DeviceId }>
  | Readonly<{ code: 'account_frozen'; accountId: AccountId }>
  | Readonly<{ code: 'account_exists'; accountId: AccountId }>
  | Readonly<{ code: 'account_not_found'; accountId: AccountId }>
  | Readonly<{ code: 'charge_not_found'; accountId: AccountId; chargeId: ChargeId }>
  | Readonly<{ code: 'charge_already_reversed'; accountId: AccountId; chargeId: ChargeId }>
  | Readonly<{ code: 'device_already_registered'; accountId: AccountId; deviceId: DeviceId }>
  | Readonly<{ code: 'currency_mismatch'; accountId: AccountId; expected: Currency; actual: Currency }>
  | Readonly<{ code: 'idempotency_conflict'; accountId: AccountId; commandKey: string }>
  | Readonly<{ code: 'amount_scale_exceeded'; accountId: AccountId; currency: Currency; scaleMax: number }>
  // Captured, voided, expired (or past its expiry by the ledger's clock), or never held.
  | Readonly<{ code: 'charge_not_held'; accountId: AccountId; chargeId: ChargeId }>
  | Readonly<{ code: 'capture_exceeds_hold'; accountId: AccountId; chargeId: ChargeId; held: Money; requested: Money }>
  // Only the ledger's own expiry asks for it: the hold is still open by the ledger's clock.
  | Readonly<{ code: 'hold_not_expired'; accountId: AccountId; chargeId: ChargeId; expiresAt: Instant }>
  | Readonly<{ code: 'hold_expiry_out_of_range'; accountId: AccountId; earliest: Instant; latest: Instant }>
  // The step-up rules flagged the charge and the client cannot answer a step-up (or a capture
  // skipped the step-up a hold awaits): reasons name the rules.
  | Readonly<{ code: 'step_up_required'; accountId: AccountId; chargeId: ChargeId; reasons: ReadonlyArray<Text> }>;

// Keeps the code list of rejection-code.ts and this union in step at compile time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const rejectionCodesMatch: Same<Rejection['code'], RejectionCode> = true;

export const rejectionMessage = (rejection: Rejection): string => {
  switch (rejection.code) {
    case 'insufficient_funds':
      return `The balance of account ${rejection.accountId} does not cover the amount.`;
    case 'device_not_registered':
      return `Device ${rejection.deviceId} is not registered to account ${rejection.accountId}.`;
    case 'device_not_verified':
      return `Device ${rejection.deviceId} of account ${rejection.accountId} has not been verified.`;
    case 'account_frozen':
      return `Account ${rejection.accountId} is frozen.`;
    case 'account_exists':
      return `Account ${rejection.accountId} already exists with other details.`;
    case 'account_not_found':
      return `Account ${rejection.accountId} does not exist.`;
    case 'charge_not_found':
      return `Charge ${rejection.chargeId} does not exist on account ${rejection.accountId}.`;
    case 'charge_already_reversed':
      return `Charge ${rejection.chargeId} has already been reversed.`;
    case 'device_already_registered':
      return `Device ${rejection.deviceId} is already registered to account ${rejection.accountId} with other details.`;
    case 'currency_mismatch':
      return `Account ${rejection.accountId} holds ${rejection.expected}, not ${rejection.actual}.`;
    case 'idempotency_conflict':
      return `${rejection.commandKey} was already used with a different body.`;
    case 'amount_scale_exceeded':
      return `${rejection.currency} amounts have at most ${rejection.scaleMax} fraction digits.`;
    case 'charge_not_held':
      return `Charge ${rejection.chargeId} is not an open hold (captured, voided, expired or never held).`;
    case 'capture_exceeds_hold':
      return `Charge ${rejection.chargeId} holds less than the amount to capture.`;
    case 'hold_not_expired':
      return `The hold on charge ${rejection.chargeId} is open until ${rejection.expiresAt}.`;
    case 'hold_expiry_out_of_range':
      return `holdExpiresAt must be after ${rejection.earliest} and at most ${rejection.latest}.`;
    case 'step_up_required':
      return `Charge ${rejection.chargeId} needs the account holder's step-up (${rejection.reasons.join(', ')}).`;
    default:
      return unreachable(rejection);
  }
};

export const unreachable = (value: never): never => {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
};
