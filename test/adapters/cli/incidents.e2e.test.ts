// Incidents, reimbursements, alerts and what-if against a real SQLite file holding the 7pay-like
// day: a dry run writes nothing, the run reverses the 47 fraudulent charges support had not
// reversed already, reimbursements go to a CSV file, the detector
// flags exactly the 12 victims, and a what-if run of one rule reports only that rule.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { SevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { type TempStore, oneLine, runCli, seedSevenPayDay, tempStore } from './cli-fixtures.ts';

let temp: TempStore;
let day: SevenPayDay;
beforeAll(async () => {
  temp = tempStore();
  day = await seedSevenPayDay(temp.path, { runIncident: false });
});
afterAll(() => temp.remove());

const headPosition = async (path: string): Promise<bigint> => {
  const store = openSqliteEventStore({ path });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
};

const incidentFlags = [
  '--id', 'incident-2019-07-03-takeover', '--from', '2019-07-03T00:00:00+09:00', '--to', '2019-07-04T00:00:00+09:00',
  '--devices-registered-in-window', '--country', 'CN', '--country', 'HK', '--occurred-at', '2019-07-04T09:00:00+09:00',
];
const expected = { incidentId: 'incident-2019-07-03-takeover', charges: 47, accounts: 12, total: { JPY: '2220000' } };

describe('wallet-ledger incident and reimbursements', () => {
  it('dry-runs without writing, runs, and writes the reimbursements CSV', async () => {
    const head = await headPosition(temp.path);
    const dryRun = await runCli(['incident', 'dry-run', ...incidentFlags, '--format', 'json', '--store', temp.store]);
    expect(dryRun.code).toBe(0);
    const answer = JSON.parse(dryRun.stdout);
    expect(answer).toMatchObject({ ...expected, dryRun: true, selectedNext: null });
    expect(answer.selected).toHaveLength(47);

    const review = join(temp.directory, 'review.csv');
    const csvRun = await runCli(['incident', 'dry-run', ...incidentFlags, '--format', 'csv', '--output', review, '--store', temp.store]);
    expect(csvRun.code).toBe(0);
    expect(csvRun.stdout).toBe(`wrote 47 charges (total: 2220000 JPY) to ${review}\n`);
    const reviewLines = readFileSync(review, 'utf8').trimEnd().split('\n');
    expect(reviewLines[0]).toBe('accountId,chargeId,amount,currency,occurredAt,deviceId');
    expect(reviewLines.slice(1)).toEqual(answer.selected.map((row: Record<string, string>) =>
      [row.accountId, row.chargeId, row.amount, row.currency, row.occurredAt, row.deviceId].join(',')));
    const table = await runCli(['incident', 'dry-run', ...incidentFlags, '--store', temp.store]);
    expect(table.stdout).toContain('charges: 47\n');
    expect(table.stdout).toMatch(/accountId +chargeId +amount +currency +occurredAt +deviceId\n/);
    expect(table.stdout.trimEnd().split('\n').filter((line) => line.includes('attacker')).length).toBe(47);
    expect(await headPosition(temp.path)).toBe(head);

    const run = await runCli(['incident', 'run', ...incidentFlags], { LEDGER_STORE: temp.store });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('incident: incident-2019-07-03-takeover\ndry run: no\ncharges: 47\naccounts: 12\ntotal: 2220000 JPY\n');
    expect(run.stdout).toContain(
      "this run: reversed 47 charges (2220000 JPY); 0 already reversed by this incident; 1 reversed before by other means (not the incident's)\n",
    );
    // 47 reversals and the incident's declaration.
    expect(await headPosition(temp.path)).toBe(head + 48n);
    // The CLI on a local store names the operating-system user on what it appends.
    const store = openSqliteEventStore({ path: temp.path });
    const appended = await store.readAll({ after: head, limit: 100 });
    await store.close();
    expect(new Set(appended.map((event) => event.metadata?.issuedBy?.replace(/:.*/, ':')))).toEqual(new Set(['cli:']));

    // A re-run answers the incident's same totals, and says it reversed nothing itself.
    const again = await runCli(['incident', 'run', ...incidentFlags], { LEDGER_STORE: temp.store });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('charges: 47\naccounts: 12\ntotal: 2220000 JPY\n');
    expect(again.stdout).toContain(
      "this run: reversed 0 charges (nothing); 47 already reversed by this incident; 1 reversed before by other means (not the incident's)\n",
    );
    expect(await headPosition(temp.path)).toBe(head + 48n);

    const output = join(temp.directory, 'reimbursements.csv');
    const written = await runCli(['reimbursements', 'incident-2019-07-03-takeover', '--output', output, '--store', temp.store]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe(`wrote 12 rows (total 2220000 JPY) to ${output}\n`);
    const csv = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('accountId,currency,charges,amount');
    expect(csv.slice(1)).toEqual(
      [...day.victims].sort().map((victim) => {
        const charges = day.fraudulentCharges.filter((c) => c.accountId === victim && c.chargeId !== day.reversedBeforeIncident.chargeId);
        return `${victim},JPY,${charges.length},${charges.reduce((sum, c) => sum + c.amount, 0)}`;
      }),
    );

    const unknown = await runCli(['reimbursements', 'no-such-incident', '--store', temp.store]);
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toBe('wallet-ledger reimbursements: incident no-such-incident has reversed no charge (unknown incident, or only dry runs)');
  });

  it('refuses an incident window that ends before it starts', async () => {
    const run = await runCli(['incident', 'run', '--id', 'i-1', '--from', '2019-07-04T00:00:00Z', '--to', '2019-07-03T00:00:00Z', '--store', temp.store]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe('wallet-ledger incident run: --from 2019-07-04T00:00:00.000Z must be before --to 2019-07-03T00:00:00.000Z');
  });
});

describe('wallet-ledger alerts and rules what-if', () => {
  it('flags every victim and no one else, and a what-if of one rule reports only that rule', async () => {
    const alerts = await runCli(['alerts', '--since', '2019-07-03T00:00:00+09:00', '--format', 'json', '--store', temp.store]);
    expect(alerts.code).toBe(0);
    const found: ReadonlyArray<{ accountId: string; rule: string }> = JSON.parse(alerts.stdout).alerts;
    expect(new Set(found.map((alert) => alert.accountId))).toEqual(new Set(day.victims));
    const table = await runCli(['alerts', '--no-detect', '--since', '2019-07-04T00:00:00Z', '--store', temp.store]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^0 alerts since 2019-07-04T00:00:00.000Z$/m);

    const rules = join(temp.directory, 'rules.json');
    writeFileSync(rules, JSON.stringify({ velocity: { chargeCountMax: 3 } }));
    const whatIf = await runCli(['rules', 'what-if', '--rules', rules, '--from', '2019-07-03T00:00:00+09:00', '--to', '2019-07-04T00:00:00+09:00', '--format', 'json', '--store', temp.store]);
    expect(whatIf.code).toBe(0);
    const report = JSON.parse(whatIf.stdout);
    expect(Object.keys(report.alertsByRule)).toEqual(['velocity']);
    expect(new Set(report.alerts.map((alert: { accountId: string }) => alert.accountId))).toEqual(new Set(day.victims));

    writeFileSync(rules, JSON.stringify({ velocity: { chargeCountMaxx: 3 } }));
    const typo = await runCli(['rules', 'what-if', '--rules', rules, '--store', temp.store]);
    expect(typo.code).toBe(2);
    expect(oneLine(typo.stderr)).toContain('velocity: unknown chargeCountMaxx');
  });

  it('reports, with --step-up, the charges a step-up rule set would have held: the attackers\' only', async () => {
    const stepUp = join(temp.directory, 'step-up.json');
    writeFileSync(stepUp, JSON.stringify({ 'foreign-login-recently': { sameDevice: true } }));
    const whatIf = await runCli(['rules', 'what-if', '--step-up', stepUp, '--format', 'json', '--store', temp.store]);
    expect(whatIf.code).toBe(0);
    const report = JSON.parse(whatIf.stdout);
    expect(new Set(report.held.map((held: { chargeId: string }) => held.chargeId))).toEqual(new Set(day.fraudulentCharges.map((charge) => charge.chargeId)));
    expect(report.heldByRule).toEqual({ 'foreign-login-recently': day.fraudulentCharges.length });
  });
});
