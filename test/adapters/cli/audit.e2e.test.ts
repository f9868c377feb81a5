// `audit` against a real SQLite file: everything verifies (exit 0, quiet when piped); then one
// byte of one stored event is changed in the database file itself, as an intruder with a hex
// editor would, and both forms of the audit fail naming the account and the broken revision.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { type TempStore, oneLine, runCli, seedSevenPayDay, tempStore } from './cli-fixtures.ts';

let temp: TempStore;
beforeAll(async () => {
  temp = tempStore();
  await seedSevenPayDay(temp.path, { runIncident: false });
});
afterAll(() => temp.remove());

// customer-002's top-up (revision 3) as stored: canonical JSON, keys in order.
const storedTopUp = '{"accountId":"customer-002","amount":{"amount":"200000","currency":"JPY"}';

// SQLite may leave a stale copy of a page (from a B-tree split) in the file: the same byte is
// changed in every copy of the row, so whichever copy SQLite reads is the tampered one.
const tamperOneByte = (path: string): void => {
  // Closing the store checkpointed the write-ahead log: the event is in the main file.
  expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
  const bytes = readFileSync(path);
  let copies = 0;
  for (let at = bytes.indexOf(storedTopUp, 0, 'utf8'); at >= 0; at = bytes.indexOf(storedTopUp, at + 1, 'utf8')) {
    bytes[at + storedTopUp.indexOf('200000')] = '9'.charCodeAt(0);
    copies += 1;
  }
  expect(copies).toBeGreaterThan(0);
  writeFileSync(path, bytes);
};

describe('wallet-ledger audit', () => {
  it('verifies every chain, then names the broken account and revision after one byte is changed', async () => {
    const clean = await runCli(['audit', '--all', '--store', temp.store]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^audited 40 streams, 370 events: all verified$/m);
    expect(clean.stderr).toBe('');

    tamperOneByte(temp.path);

    const all = await runCli(['audit', '--all', '--store', temp.store]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('BROKEN account customer-002: first broken revision 3 (7 events)');
    expect(all.stdout).toMatch(/^audited 40 streams, 370 events: 1 broken, 0 unreadable$/m);
    expect(all.stderr).toBe('');

    const one = await runCli(['audit', 'customer-002', '--format', 'json', '--store', temp.store]);
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout)).toMatchObject({ accountId: 'customer-002', events: 7, verified: false, firstBrokenRevision: 3 });
    // balance and history still answer, but warn on stderr that the chain does not verify.
    const [balance, history] = await Promise.all([
      runCli(['balance', 'customer-002', '--store', temp.store]),
      runCli(['history', 'customer-002', '--format', 'json', '--store', temp.store]),
    ]);
    for (const [command, run] of [['balance', balance], ['history', history]] as const) {
      expect(run.code).toBe(0);
      expect(oneLine(run.stderr)).toBe(
        `wallet-ledger ${command}: warning: the hash chain of account customer-002 does not verify (first broken revision 3): ` +
          'this answer comes from altered events; run `wallet-ledger audit customer-002`',
      );
    }
    expect(JSON.parse(history.stdout)).not.toHaveProperty('chain');
    // The other accounts are untouched.
    const other = await runCli(['audit', 'customer-003', '--store', temp.store]);
    expect(other.code).toBe(0);
    expect(other.stdout).toMatch(/^account customer-003: \d+ events, verified, head [0-9a-f]{64}$/m);
  });
});

describe('wallet-ledger audit --all of an empty store', () => {
  it('says nothing was audited and fails, unless --allow-empty', async () => {
    const empty = tempStore();
    try {
      await openSqliteEventStore({ path: empty.path }).close();
      const refused = await runCli(['audit', '--all', '--store', empty.store]);
      expect(refused.code).toBe(1);
      expect(oneLine(refused.stderr)).toMatch(/^wallet-ledger audit: the store holds no events: nothing was audited/);
      const allowed = await runCli(['audit', '--all', '--allow-empty', '--store', empty.store]);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toMatch(/^audited 0 streams, 0 events: all verified$/m);
    } finally {
      empty.remove();
    }
  });
});
