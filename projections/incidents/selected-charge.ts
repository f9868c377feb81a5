// What an incident selects: charges (with the position that recorded them, and whether a reversal
// was seen), the holds it would release, and the totals a run answers.
import type { AccountId, ChargeId, DeviceId } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import { type Money, totalsByCurrency } from '../../domain/money.ts';

export type SelectedCharge = {
  readonly accountId: AccountId;
  readonly chargeId: ChargeId;
  readonly deviceId: DeviceId;
  readonly amount: Money;
  readonly occurredAt: Instant;
  readonly position: bigint;
  // Set when a reversal of the charge is seen: by this incident, or by other means.
  reversedBy?: 'this' | 'other';
};

export type OpenHold = Readonly<{ accountId: AccountId; chargeId: ChargeId }>;

export type IncidentSummary = Readonly<{ charges: number; accounts: number; total: Readonly<Record<string, string>> }>;

export const summarize = (charges: ReadonlyArray<SelectedCharge>): IncidentSummary => ({
  charges: charges.length,
  accounts: new Set(charges.map((charge) => charge.accountId)).size,
  total: totalsByCurrency(charges.map((charge) => charge.amount)),
});
