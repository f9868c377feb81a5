// A one-line description of a stored event for tables and CSV: its amount, if any, and the ids
// and facts that tell one event from another. Reads fields by name, so any event type (and any
// future one) is described without a switch that would have to know them all.
import type { StoredEvent } from '../../domain/ports/event-store.ts';

const detailKeys = [
  'chargeId', 'topUpId', 'deviceId', 'country', 'outcome', 'method', 'rejection', 'incidentId', 'reason', 'alertId', 'holdExpiresAt',
  'stepUpReasons', 'stepUpMethod',
] as const;

// A list of strings (a step-up's reasons) is shown comma-separated.
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value
  : Array.isArray(value) && value.every((item) => typeof item === 'string') ? value.join(',')
  : undefined;

export type EventAmount = Readonly<{ amount: string; currency: string }>;

export const eventAmount = (event: StoredEvent): EventAmount | undefined => {
  const money = event.data.amount;
  if (typeof money !== 'object' || money === null || !('amount' in money) || !('currency' in money)) return undefined;
  const amount = text(money.amount);
  const currency = text(money.currency);
  return amount === undefined || currency === undefined ? undefined : { amount, currency };
};

// Charges and captured holds take money out: shown with a minus sign. Declined charges, holds and
// their releases move no ledger money: no sign (the held amount is shown as it is).
const unsigned: ReadonlySet<string> = new Set(['ChargeDeclined', 'ChargeHeld', 'HoldVoided', 'HoldExpired']);
export const signedAmount = (event: StoredEvent): string => {
  const money = eventAmount(event);
  if (money === undefined) return '';
  const sign = event.type === 'WalletCharged' || event.type === 'HeldChargeCaptured' ? '-' : unsigned.has(event.type) ? '' : '+';
  return `${sign}${money.amount}`;
};

export const eventDetail = (event: StoredEvent): string =>
  detailKeys.flatMap((key) => {
    const value = text(event.data[key]);
    return value === undefined ? [] : [`${key}=${value}`];
  }).join(' ');
