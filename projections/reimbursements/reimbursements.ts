// Reimbursements: ONE pure fold, which every home of them applies (the runner's in-memory
// projection, the read file's rows, a scan of the store by the CLI). Its facts: an incident
// declared (so an unknown incident is told apart from one that reversed nothing) and a charge
// reversed by an incident. Per incident, one row per affected account: how many of its charges the
// incident reversed and their exact sum.
import { Map as ImmutableMap, Set as ImmutableSet } from 'immutable';
import type { LedgerEvent } from '../../domain/events.ts';
import type { AccountId, IncidentId } from '../../domain/ids.ts';
import { type Money, add, formatAmount, totalsByCurrency } from '../../domain/money.ts';

export type ReimbursementFact =
  | Readonly<{ kind: 'declared'; incidentId: IncidentId }>
  | Readonly<{ kind: 'reversed'; incidentId: IncidentId; accountId: AccountId; amount: Money }>;

// A reversal contributes only when an incident made it.
export const reversalFactOf = (event: LedgerEvent): ReimbursementFact | undefined =>
  event.type === 'ChargeReversed' && event.data.incidentId !== undefined
    ? { kind: 'reversed', incidentId: event.data.incidentId, accountId: event.data.accountId, amount: event.data.amount }
    : undefined;

export type AccountReimbursement = Readonly<{ charges: number; amount: Money }>;

// The per-event arithmetic, the same in every home: an account's row after one more reversal.
export const reimburseCharge = (row: AccountReimbursement | undefined, amount: Money): AccountReimbursement =>
  row === undefined ? { charges: 1, amount } : { charges: row.charges + 1, amount: add(row.amount, amount) };

export type ReimbursementsState = Readonly<{
  declared: ImmutableSet<IncidentId>;
  incidents: ImmutableMap<IncidentId, ImmutableMap<AccountId, AccountReimbursement>>;
}>;

export const initialReimbursements = (): ReimbursementsState => ({ declared: ImmutableSet(), incidents: ImmutableMap() });

export const evolveReimbursements = (state: ReimbursementsState, fact: ReimbursementFact): ReimbursementsState => {
  switch (fact.kind) {
    case 'declared':
      return { ...state, declared: state.declared.add(fact.incidentId) };
    case 'reversed': {
      const accounts = state.incidents.get(fact.incidentId) ?? ImmutableMap<AccountId, AccountReimbursement>();
      const next = reimburseCharge(accounts.get(fact.accountId), fact.amount);
      return { ...state, incidents: state.incidents.set(fact.incidentId, accounts.set(fact.accountId, next)) };
    }
    default: {
      const unreachable: never = fact;
      throw new Error(`reimbursements: unknown fact ${JSON.stringify(unreachable)}`);
    }
  }
};

export type ReimbursementRow = Readonly<{ accountId: AccountId; currency: string; charges: number; amount: string }>;
export type Reimbursements = Readonly<{
  incidentId: IncidentId;
  rows: ReadonlyArray<ReimbursementRow>;
  total: Readonly<Record<string, string>>;
}>;

// The report of an incident's rows, sorted by accountId in code-unit order (the same on every
// machine, unlike a locale's).
export const reimbursementsFromRows = (
  incidentId: IncidentId,
  accounts: Iterable<readonly [AccountId, AccountReimbursement]>,
): Reimbursements => {
  const sorted = [...accounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    incidentId,
    rows: sorted.map(([accountId, row]) => ({ accountId, currency: row.amount.currency, charges: row.charges, amount: formatAmount(row.amount) })),
    total: totalsByCurrency(sorted.map(([, row]) => row.amount)),
  };
};

// undefined: no such incident was declared and no reversal names it.
export const reimbursementsOf = (state: ReimbursementsState, incidentId: IncidentId): Reimbursements | undefined => {
  const accounts = state.incidents.get(incidentId);
  if (accounts === undefined && !state.declared.has(incidentId)) return undefined;
  return reimbursementsFromRows(incidentId, accounts?.entries() ?? []);
};
