// `wallet-ledger demo` as `npm run demo` runs it on a fresh clone (no LEDGER_STORE): it seeds a
// new SQLite file under the temp directory, prints the report and the `incident: <id>` line; the
// store it names then answers other commands. It refuses to seed a store that holds events.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, runCli } from './cli-fixtures.ts';

const createdDirectories: string[] = [];
afterAll(() => {
  for (const directory of createdDirectories) rmSync(directory, { recursive: true, force: true });
});

describe('wallet-ledger demo', () => {
  it('seeds a fresh store, runs the incident and prints `incident: <id>`; refuses a non-empty store', async () => {
    const demo = await runCli(['demo']);
    const store = /^store: (sqlite:(.+))$/m.exec(demo.stdout);
    if (store?.[1] !== undefined && store[2] !== undefined) createdDirectories.push(dirname(store[2]));
    expect(demo.code).toBe(0);
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toMatch(/^incident: incident-2019-07-03-takeover$/m);
    expect(demo.stdout).toContain(
      "incident run: 47 charges on 12 accounts, 2220000 JPY; this run reversed 47 (2220000 JPY), 0 were already reversed by the incident, 1 by other means before (not the incident's)",
    );
    expect(demo.stdout).toContain('honest customer customer-040 got a new phone the same morning: not alerted');
    expect(demo.stdout).toContain("attacker charges held for the account holder's step-up: 48 of 48; customer charges held: 0 of 81");
    expect(demo.stdout).toMatch(/victim customer-001: ledger balance (\d+), available \d+ while held, \1 once the holds expire unconfirmed: the attack stopped at the hold/);
    expect(store?.[1]).toBeDefined();

    const reimbursements = await runCli(['reimbursements', 'incident-2019-07-03-takeover', '--format', 'json'], { LEDGER_STORE: store?.[1] ?? '' });
    expect(reimbursements.code).toBe(0);
    expect(JSON.parse(reimbursements.stdout).total).toEqual({ JPY: '2220000' });

    // The story is recorded on its own timeline: known at noon on 3 July, the attack (01:05Z to
    // 01:38Z) is known and support's reversal (06:00Z) is not yet.
    const noon = await runCli(['balance', 'customer-001', '--as-of', '2019-07-03T12:00:00+09:00', '--known-at', '2019-07-03T12:00:00+09:00', '--format', 'json'], { LEDGER_STORE: store?.[1] ?? '' });
    expect(noon.code).toBe(0);
    expect(JSON.parse(noon.stdout)).toMatchObject({ ledgerBalance: '9510', correctedBalance: '9510' });

    const again = await runCli(['demo', '--store', store?.[1] ?? '']);
    expect(again.code).toBe(1);
    expect(oneLine(again.stderr)).toMatch(/^wallet-ledger demo: refusing to seed sqlite:.+: it already holds \d+ events; give an empty --store$/);
  });

  it('prints a command\'s --help on stdout and exits 0', async () => {
    const help = await runCli(['incident', 'run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--devices-registered-in-window');
  });
});
