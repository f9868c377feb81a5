// Idempotency compares a retried command with what was recorded the first time. A fingerprint is
// the same string whether computed from the command or from the event it produced, so state only
// needs to keep fingerprints, not whole payloads. Amounts are normalised ("12.50" = "12.5").
import type Decimal from 'decimal.js';
import type { ChargeWallet, RecordLogin, ReverseCharge, TopUpWallet } from './commands.ts';
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

export const chargeCommandFingerprint = (command: ChargeWallet, accountCurrency: Currency): Fingerprint =>
  of(
    amountText(command.amount),
    command.currency ?? accountCurrency,
    command.merchantId,
    command.storeId,
    command.deviceId,
    command.category ?? null,
    command.occurredAt,
  );

export const chargeEventFingerprint = (
  data: EventOf<'WalletCharged'>['data'] | EventOf<'ChargeDeclined'>['data'],
): Fingerprint =>
  of(
    amountText(data.amount.amount),
    data.amount.currency,
    data.merchantId,
    data.storeId,
    data.deviceId,
    data.category ?? null,
    data.occurredAt,
  );

export const reversalFingerprint = (
  reversal: ReverseCharge | EventOf<'ChargeReversed'>['data'],
): Fingerprint => of(reversal.reason, reversal.incidentId ?? null, reversal.occurredAt);
