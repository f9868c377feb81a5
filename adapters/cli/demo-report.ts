// The demo's printed report: what was seeded, what the detector flagged, what the incident
// reversed, who gets reimbursed, one victim's balances before and after. The line
// `incident: <incidentId>` is part of the interface: scripts pick the id up from it.
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import type { IncidentResult } from '../../projections/incidents/incident-result.ts';
import type { Reimbursements } from '../../projections/reimbursements/reimbursements.ts';
import type { SevenPayDay } from '../incidents/seven-pay-scenario.ts';
import { type SevenPayStepUpFacts, sevenPayStepUpFile } from '../incidents/seven-pay-step-up.ts';
import type { AccountLedger } from './account-ledger.ts';
import type { IncidentRun } from './incident-command.ts';
import { textTable } from './text-table.ts';

export type DemoFacts = Readonly<{
  store: string;
  events: bigint;
  day: SevenPayDay;
  alerts: ReadonlyArray<FraudAlert>;
  dryRun: IncidentResult;
  run: IncidentRun;
  reimbursements: Reimbursements;
  victimBefore: AccountLedger;
  victimAfter: AccountLedger;
  // The same day played again with step-up on (seven-pay-step-up.ts).
  stepUp: SevenPayStepUpFacts;
}>;

const totals = (total: Readonly<Record<string, string>>): string =>
  Object.entries(total).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || 'nothing';

const countBy = <T>(items: ReadonlyArray<T>, key: (item: T) => string): string => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, count]) => `${name} ${count}`).join(', ');
};

export const demoReport = (facts: DemoFacts): string => {
  const { day, reimbursements, victimBefore, victimAfter } = facts;
  const { result: run, thisRun } = facts.run;
  const alerted = new Set(facts.alerts.map((alert) => alert.accountId));
  const manual = day.reversedBeforeIncident;
  const lines = [
    'wallet-ledger demo: a 7pay-like day (3 July 2019, Tokyo)',
    `store: ${facts.store}`,
    `seeded: ${day.customers.length} customers, ${day.victims.length} accounts taken over from ${day.attackerPhones.length} attacker phones, ${facts.events} events`,
    `fraud alerts: ${facts.alerts.length} on ${alerted.size} accounts (${countBy(facts.alerts, (alert) => alert.rule)})`,
    `honest customer ${day.honestNewPhone} got a new phone the same morning: ${alerted.has(day.honestNewPhone) ? 'ALERTED' : 'not alerted'}`,
    `support reversed ${manual.chargeId} (${manual.amount} JPY) by hand before the incident`,
    `incident dry run: ${facts.dryRun.charges} charges on ${facts.dryRun.accounts} accounts, ${totals(facts.dryRun.total)} (nothing written)`,
    `incident run: ${run.charges} charges on ${run.accounts} accounts, ${totals(run.total)}; this run reversed ${thisRun.reversed} ` +
      `(${totals(thisRun.reversedTotal)}), ${thisRun.alreadyReversed} were already reversed by the incident, ` +
      `${thisRun.reversedByOtherMeans} by other means before (not the incident's)`,
    `victim ${victimBefore.accountId}: ledger balance ${victimBefore.ledgerBalance} before the incident, ` +
      `${victimAfter.ledgerBalance} after (corrected ${victimAfter.correctedBalance}) ${victimAfter.currency}`,
    '',
    `the same day with step-up on (LEDGER_STEP_UP: ${JSON.stringify(sevenPayStepUpFile)}):`,
    `  attacker charges held for the account holder's step-up: ${facts.stepUp.attackerChargesHeld} of ${facts.stepUp.attackerCharges}; ` +
      `customer charges held: ${facts.stepUp.customerChargesHeld} of ${facts.stepUp.customerCharges}`,
    `  victim ${facts.stepUp.victim.accountId}: ledger balance ${facts.stepUp.victim.ledgerBalance}, available ${facts.stepUp.victim.availableWhileHeld} ` +
      `while held, ${facts.stepUp.victim.availableAfterExpiry} once the holds expire unconfirmed: the attack stopped at the hold`,
    '',
    `reimbursements (total ${totals(reimbursements.total)}):`,
    textTable(
      [{ title: 'accountId' }, { title: 'currency' }, { title: 'charges', numeric: true }, { title: 'amount', numeric: true }],
      reimbursements.rows.map((row) => [row.accountId, row.currency, String(row.charges), row.amount]),
    ).trimEnd(),
    '',
    `incident: ${run.incidentId}`,
    `try: LEDGER_STORE=${facts.store} npx wallet-ledger reimbursements ${run.incidentId}`,
  ];
  return lines.map((line) => `${line}\n`).join('');
};
