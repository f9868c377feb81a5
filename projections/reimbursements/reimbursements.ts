// Reimbursements: a pure fold over ChargeReversed events carrying an incidentId. Per incident, one
// row per affected account: how many of its charges the incident reversed and their exact sum.
import { Map as ImmutableMap } from 'immutable';
import type { LedgerEvent } from '../../domain/events.ts';
import type { AccountId, IncidentId } from '../../domain/ids.ts';
import { type Money, add, formatAmount, totalsByCurrency } from '../../domain/money.ts';

type AccountReimbursement = Readonly<{ charges: number; amount: Money }>;
export type ReimbursementsState = ImmutableMap<IncidentId, ImmutableMap<AccountId, AccountReimbursement>>;

export const reimbursementsEventTypes = ['ChargeReversed'] as const;

export const initialReimbursements = (): ReimbursementsState => ImmutableMap();

export const evolveReimbursements = (state: ReimbursementsState, event: LedgerEvent): ReimbursementsState => {
  if (event.type !== 'ChargeReversed' || event.data.incidentId === undefined) return state;
  const { incidentId, accountId, amount } = event.data;
  const accounts = state.get(incidentId) ?? ImmutableMap<AccountId, AccountReimbursement>();
  const current = accounts.get(accountId);
  const next = current === undefined ? { charges: 1, amount } : { charges: current.charges + 1, amount: add(current.amount, amount) };
  return state.set(incidentId, accounts.set(accountId, next));
};

export type ReimbursementRow = Readonly<{ accountId: AccountId; currency: string; charges: number; amount: string }>;
export type Reimbursements = Readonly<{
  incidentId: IncidentId;
  rows: ReadonlyArray<ReimbursementRow>;
  total: Readonly<Record<string, string>>;
}>;

// Rows sorted by accountId in code-unit order (the same on every machine, unlike a locale's).
export const reimbursementsOf = (state: ReimbursementsState, incidentId: IncidentId): Reimbursements => {
  const accounts = state.get(incidentId) ?? ImmutableMap<AccountId, AccountReimbursement>();
  const sorted = [...accounts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    incidentId,
    rows: sorted.map(([accountId, row]) => ({ accountId, currency: row.amount.currency, charges: row.charges, amount: formatAmount(row.amount) })),
    total: totalsByCurrency(sorted.map(([, row]) => row.amount)),
  };
};
