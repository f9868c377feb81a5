// Idempotency compares a retried command with what was recorded the first time. A fingerprint is
// the same string whether computed from the command or from the event it produced, so state only
// needs to keep fingerprints, not whole payloads. Amounts are normalised ("12.50" = "12.5").
import type Decimal from 'decimal.js';
import type { ChargeWallet, RecordLogin, ReverseCharge, TopUpWallet, VoidHold } from './commands.ts';
import type { EventOf } from './events.ts';
import type { Currency } from './money.ts';

export type Fingerprint = string;

const of = (...parts: ReadonlyArray<string | null>): Fingerprint => JSON.stringify(parts);
const amountText = (amount: Decimal): string => amount.toFixed();

export const deviceFingerprint = (occurredAt: string, method?: string): Fingerprint => of(occurredAt, method ?? null);

export const accountFingerprint = (currency: Currency, homeCountry: string, occurredAt: string): Fingerprint =>
  of(currency, homeCountry, occurredAt);

export const loginFingerprint = (login: RecordLogin | EventOf<'LoginRecorded'>['data']): Fingerprint =>
  of(login.deviceId, login.ipAddress, login.country, login.outcome, login.occurredAt);

export const topUpCommandFingerprint = (command: TopUpWallet, accountCurrency: Currency): Fingerprint =>
  of(amountText(command.amount), command.currency ?? accountCurrency, command.source, command.occurredAt);

export const topUpEventFingerprint = (data: EventOf<'WalletToppedUp'>['data']): Fingerprint =>
  of(amountText(data.amount.amount), data.amount.currency, data.source, data.occurredAt);

type ChargeFields = Readonly<{
  merchantId: string;
  storeId: string;
  deviceId: string;
  category?: string;
  occurredAt: string;
}>;
const chargeParts = (amount: Decimal, currency: Currency, fields: ChargeFields): ReadonlyArray<string | null> => [
  amountText(amount),
  currency,
  fields.merchantId,
  fields.storeId,
  fields.deviceId,
  fields.category ?? null,
  fields.occurredAt,
];

// A held charge's fingerprint extends the plain one, so a plain retry of a hold (or the reverse) is
// another body; a declined attempt records no hold, so its retry compares the plain part only.
const holdParts = (expiresAt: string | null): ReadonlyArray<string | null> => ['manual', expiresAt];

export const chargeAttemptFingerprint = (command: ChargeWallet, accountCurrency: Currency): Fingerprint =>
  of(...chargeParts(command.amount, command.currency ?? accountCurrency, command));

export const chargeCommandFingerprint = (command: ChargeWallet, accountCurrency: Currency): Fingerprint => {
  const parts = chargeParts(command.amount, command.currency ?? accountCurrency, command);
  return command.hold === undefined ? of(...parts) : of(...parts, ...holdParts(command.hold.expiresAt ?? null));
};

export const chargeEventFingerprint = (
  data: EventOf<'WalletCharged'>['data'] | EventOf<'ChargeDeclined'>['data'],
): Fingerprint => of(...chargeParts(data.amount.amount, data.amount.currency, data));

// A step-up hold records the plain part only (decide compares a retry's plain part with it).
export const heldChargeEventFingerprint = (data: EventOf<'ChargeHeld'>['data']): Fingerprint => {
  const parts = chargeParts(data.amount.amount, data.amount.currency, data);
  return data.stepUpReasons === undefined ? of(...parts, ...holdParts(data.holdExpiresAtDefaulted ? null : data.holdExpiresAt)) : of(...parts);
};

export const reversalFingerprint = (
  reversal: ReverseCharge | EventOf<'ChargeReversed'>['data'],
): Fingerprint => of(reversal.reason, reversal.incidentId ?? null, reversal.occurredAt);

// A capture is the same body when it captures the same amount (given or the whole hold) at the
// same time with the same step-up method.
export const captureFingerprint = (captured: Decimal, occurredAt: string, stepUpMethod?: string): Fingerprint =>
  of('captured', amountText(captured), occurredAt, stepUpMethod ?? null);

export const voidFingerprint = (release: VoidHold | EventOf<'HoldVoided'>['data']): Fingerprint =>
  of('voided', release.reason, release.incidentId ?? null, release.occurredAt);

// Every expiry of one hold is the same fact: the ledger's repeated attempts are no-ops.
export const expiryFingerprint: Fingerprint = of('expired');
