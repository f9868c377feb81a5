// `history` and `balance` against a real SQLite file: the 7pay-like day recorded at seededAt, its
// incident's reversals at incidentAt. customer-001 topped up 200000, paid 490 for coffee, lost
// 60000+60000+50000+20000 to the attacker (01:05Z to 01:38Z), paid 1225 for lunch (03:01Z); support
// reversed the first 60000 by hand (06:00Z), the incident the other three (2019-07-04T00:00Z).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TempStore, oneLine, runCli, seedSevenPayDay, tempStore } from './cli-fixtures.ts';

let temp: TempStore;
beforeAll(async () => {
  temp = tempStore();
  await seedSevenPayDay(temp.path, { runIncident: true });
});
afterAll(() => temp.remove());

const beforeIncidentKnown = '2019-07-05T12:00:00Z';
const afterAttackBeforeLunch = '2019-07-03T12:00:00+09:00';

describe('wallet-ledger balance', () => {
  it('answers as of a valid time, as known before and after the incident was recorded', async () => {
    const before = await runCli(['balance', 'customer-001', '--as-of', afterAttackBeforeLunch, '--known-at', beforeIncidentKnown, '--format', 'json', '--store', temp.store]);
    expect(before.code).toBe(0);
    // Only support's reversal is known: it voids its charge in the corrected balance only.
    expect(JSON.parse(before.stdout)).toEqual({
      accountId: 'customer-001', currency: 'JPY', asOf: '2019-07-03T03:00:00.000Z', knownAt: '2019-07-05T12:00:00.000Z',
      ledgerBalance: '9510', correctedBalance: '69510',
    });
    const now = await runCli(['balance', 'customer-001', '--as-of', afterAttackBeforeLunch], { LEDGER_STORE: temp.store });
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/^ledger balance: +9510$/m);
    expect(now.stdout).toMatch(/^corrected balance: +199510$/m);
  });

  it('refuses a bad date, an unknown account and a missing store in one line, never a stack trace', async () => {
    const badDate = await runCli(['balance', 'customer-001', '--as-of', '2019-13-01T00:00:00Z', '--store', temp.store]);
    expect(badDate.code).toBe(2);
    expect(oneLine(badDate.stderr)).toMatch(/^wallet-ledger balance: invalid --as-of "2019-13-01T00:00:00Z": a time must be an ISO-8601/);
    expect(badDate.stdout).toBe('');
    const unknown = await runCli(['balance', 'nobody', '--store', temp.store]);
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toBe('wallet-ledger balance: unknown account nobody');
    // Opened on the 3rd, recorded on the 5th: not known on the 4th because it was recorded later.
    const notYet = await runCli(['balance', 'customer-001', '--known-at', '2019-07-04T00:00:00Z', '--store', temp.store]);
    expect(notYet.code).toBe(1);
    expect(oneLine(notYet.stderr)).toMatch(
      /^wallet-ledger balance: account customer-001 is not known at 2019-07-04T00:00:00\.000Z: it was recorded later, at 2019-07-05T00:00:00\.000Z \(opened at 2019-07-01T00:01:00\.000Z\)$/,
    );
    const missing = await runCli(['history', 'customer-001', '--store', `sqlite:${temp.directory}/missing.db`]);
    expect(missing.code).toBe(3);
    expect(oneLine(missing.stderr)).toBe(`wallet-ledger history: unreadable store: ${temp.directory}/missing.db does not exist`);
  });
});

describe('wallet-ledger history', () => {
  it('lists the events in order with the running ledger and corrected balances (table)', async () => {
    const run = await runCli(['history', 'customer-001', '--store', temp.store]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = run.stdout.split('\n').filter((line) => /^\s+\d+\s+\d+\s/.test(line));
    expect(rows).toHaveLength(18);
    // The attacker's first charge: out of the ledger, but never in the corrected balance.
    expect(rows.find((row) => row.includes('charge-customer-001-fraud-1') && row.includes('WalletCharged'))).toMatch(/-60000\s+139510\s+199510\s/);
    expect(run.stdout).toContain('customer-001 (JPY) as of');
    expect(run.stdout).toMatch(/ledger 198285, corrected 198285$/m);
  });

  it('answers JSON as known before the incident, and CSV for spreadsheets', async () => {
    const json = await runCli(['history', 'customer-001', '--known-at', beforeIncidentKnown, '--format', 'json', '--store', temp.store]);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    // Known before the incident: only support's reversal, which the ledger already credited.
    expect(body).toMatchObject({ accountId: 'customer-001', ledgerBalance: '68285', correctedBalance: '68285' });
    expect(body.events.map((event: { revision: number }) => event.revision)).toEqual([...Array(15).keys()]);
    expect(body.events.at(-1)).toMatchObject({ type: 'ChargeReversed', ledgerBalance: '68285', correctedBalance: '68285', recordedAt: '2019-07-05T00:00:00.000Z' });
    expect(body.events[0].hash).toMatch(/^[0-9a-f]{64}$/);

    const csv = await runCli(['history', 'customer-001', '--as-of', afterAttackBeforeLunch, '--format', 'csv', '--store', temp.store]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('position,revision,type,occurredAt,recordedAt,amount,currency,detail,ledgerBalance,correctedBalance,issuedBy');
    // Up to the attacker's last charge (revision 12); lunch came after the as-of time.
    expect(lines).toHaveLength(1 + 13);
    expect(lines.at(-1)).toMatch(/^\d+,12,WalletCharged,2019-07-03T01:38:00.000Z,2019-07-05T00:00:00.000Z,-20000,JPY,.*,9510,199510,[^,]*$/);
  });
});
