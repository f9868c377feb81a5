// A 7pay-like day end to end against each store: alerts fire on exactly the victims, the incident
// reverses exactly the fraudulent charges (not the one support reversed before), balances are
// restored, the honest new-phone customer is untouched, reimbursements match to the yen.
import { runIncidentOrThrow } from '../support/run-incident-or-throw.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../adapters/command-handling/command-handler.ts';
import { runCommands } from '../../adapters/incidents/run-commands.ts';
import { readReimbursements } from '../../adapters/incidents/reimbursements-from-store.ts';
import { sevenPayDay } from '../../adapters/incidents/seven-pay-scenario.ts';
import { detectedAlerts } from '../support/detected-alerts.ts';
import { fraudRuleNames } from '../../domain/alerts/fraud-rule-name.ts';
import { reimbursementsCsv } from '../../projections/reimbursements/reimbursements-csv.ts';
import { type OpenedStore, accountState, balanceOf, fixedClock, storeKinds } from './scenario-stores.ts';

const day = sevenPayDay();
const fraudYen = (accountId: string) => day.fraudulentCharges.filter((c) => c.accountId === accountId).reduce((sum, c) => sum + c.amount, 0);
const incidentCharges = day.fraudulentCharges.filter((c) => c.chargeId !== day.reversedBeforeIncident.chargeId);
const incidentYen = incidentCharges.reduce((sum, c) => sum + c.amount, 0);

describe.each(storeKinds)('a 7pay-like day (%s store)', (_kind, open) => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = open();
    await runCommands(createCommandHandler(opened.store), day.commands);
  });
  afterEach(async () => opened.dispose());

  it('raises every rule on every victim and nothing on anyone else, once', async () => {
    const alerts = await detectedAlerts(opened.store);
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(alerts.length);
    expect(new Set(alerts.map((a) => a.accountId))).toEqual(new Set(day.victims));
    for (const victim of day.victims) {
      expect(new Set(alerts.filter((a) => a.accountId === victim).map((a) => a.rule))).toEqual(new Set(fraudRuleNames));
    }
    expect(alerts.some((a) => a.accountId === day.honestNewPhone)).toBe(false);
    // A second detector (a restart from zero) raises the same alerts, with the same ids.
    expect(await detectedAlerts(opened.store)).toEqual(alerts);
  });

  it('reverses exactly the fraudulent charges, restores balances and reimburses to the yen', async () => {
    const { store } = opened;
    const handle = createCommandHandler(store);
    const before = new Map(await Promise.all(day.customers.map(async (a) => [a, await balanceOf(store, a)] as const)));
    const headBefore = await store.headPosition();
    const expected = { incidentId: day.incident.incidentId, charges: incidentCharges.length, accounts: day.victims.length, total: { JPY: String(incidentYen) } };

    expect(await runIncidentOrThrow({ store, handle }, { ...day.incident, dryRun: true })).toMatchObject({ ...expected, dryRun: true, selectedNext: null });
    expect(await store.headPosition()).toBe(headBefore);

    expect(await runIncidentOrThrow({ store, handle }, day.incident)).toEqual({ ...expected, dryRun: false });
    // One reversal per fraudulent charge, and the incident's declaration.
    expect(await store.headPosition()).toBe(headBefore + BigInt(incidentCharges.length) + 1n);
    for (const customer of day.customers) {
      const restored = day.victims.includes(customer) ? Number(before.get(customer)) + fraudYen(customer) - (customer === day.reversedBeforeIncident.accountId ? day.reversedBeforeIncident.amount : 0) : Number(before.get(customer));
      expect(await balanceOf(store, customer)).toBe(String(restored));
    }
    for (const charge of incidentCharges) {
      const state = await accountState(store, charge.accountId);
      expect(state.status === 'open' && state.charges.get(charge.chargeId)?.reversal).toBeTruthy();
    }
    const honest = await accountState(store, day.honestNewPhone);
    expect(honest.status === 'open' && [...honest.charges.values()].every((c) => c.reversal === undefined)).toBe(true);

    // Re-run with the default "now" of another clock: nothing new, the same answer.
    const later = { now: () => new Date(fixedClock.now().getTime() + 86_400_000) };
    const { occurredAt: _default, ...rerun } = day.incident;
    expect(await runIncidentOrThrow({ store, handle: createCommandHandler(store), clock: later }, rerun)).toEqual({ ...expected, dryRun: false });
    expect(await store.headPosition()).toBe(headBefore + BigInt(incidentCharges.length) + 1n);

    const reimbursements = await readReimbursements(store, day.incident.incidentId);

    if (reimbursements === undefined) throw new Error('the incident is not in the store');
    expect(reimbursements.total).toEqual({ JPY: String(incidentYen) });
    expect(reimbursements.rows.map((r) => r.accountId)).toEqual([...day.victims].sort());
    for (const row of reimbursements.rows) {
      const charges = incidentCharges.filter((c) => c.accountId === row.accountId);
      expect(row).toEqual({ accountId: row.accountId, currency: 'JPY', charges: charges.length, amount: String(charges.reduce((s, c) => s + c.amount, 0)) });
    }
    const csv = reimbursementsCsv(reimbursements).trimEnd().split('\n');
    expect(csv[0]).toBe('accountId,currency,charges,amount');
    expect(csv).toHaveLength(day.victims.length + 1);
  });
});
