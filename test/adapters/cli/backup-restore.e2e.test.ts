// `backup` while a server serves the store under a steady load of commands: the copy finishes,
// verifies, and holds every event acknowledged before it started. `restore` refuses while the
// server runs, refuses a tampered backup leaving the store as it was, refuses the good one too
// while the served log signed past it, and puts it in place as a new log origin, keeping the store
// it replaced.
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { oneLine, runCli, tempStore } from './cli-fixtures.ts';

const temp = tempStore();
afterAll(() => temp.remove());

const keys = 'payments:pay-0123456789,auditor:aud-0123456789,finance:fin-0123456789,admin:adm-0123456789';
const at = '2024-05-01T10:00:00+09:00';

const post = async (server: RunningServer, url: string, body: unknown): Promise<bigint> => {
  const response = await server.app.inject({
    method: 'POST', url, payload: JSON.stringify(body),
    headers: { authorization: 'Bearer pay-0123456789', 'content-type': 'application/json' },
  });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return BigInt(response.json().position);
};

const headOf = async (path: string): Promise<bigint> => {
  const store = openSqliteEventStore({ path });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
};

describe('wallet-ledger backup and restore', () => {
  // Four CLI processes on a shared, loaded machine: a longer bound than the suite's default.
  it('backs up a served store under load, then restores only a verified copy into a stopped store', { timeout: 240_000 }, async () => {
    const server = await startServer({ env: { LEDGER_STORE: temp.store, LEDGER_API_KEYS: keys, HOST: '127.0.0.1', PORT: '0' }, print: () => undefined, logger: false });
    const backup = `${temp.directory}/backup.db`;
    try {
      await post(server, '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at });
      let acknowledged = 0n;
      let loading = true;
      const load = (async () => {
        for (let n = 0; loading && n < 100_000; n += 1) {
          acknowledged = await post(server, '/v1/accounts/acc-1/top-ups', { topUpId: `t-${n}`, amount: '100', source: 'bank', occurredAt: at });
          // A steady load, not a flood: the point is writes during the copy, not their number.
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      while (acknowledged < 50n) await new Promise((resolve) => setTimeout(resolve, 20));
      const acknowledgedBefore = acknowledged;
      const run = await runCli(['backup', backup, '--store', temp.store]);
      const acknowledgedAfter = acknowledged;
      loading = false;
      await load;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // The load went on while the copy was taken; the copy holds every event acknowledged before.
      expect(acknowledgedAfter).toBeGreaterThan(acknowledgedBefore);
      const copied = BigInt(/^backed up (\d+) events of 1 streams to .+: every hash chain verified$/m.exec(run.stdout)?.[1] ?? '0');
      expect(copied).toBeGreaterThanOrEqual(acknowledgedBefore);
      expect(await headOf(backup)).toBe(copied);
      expect(existsSync(`${backup}.partial`)).toBe(false);

      const live = await runCli(['restore', backup, '--store', temp.store]);
      expect(live.code).toBe(3);
      expect(oneLine(live.stderr)).toBe(`wallet-ledger restore: ${temp.path} is being served by a running server; stop it before restoring`);
      // One event past the copy, and a checkpoint over it: the served log has signed past the backup.
      const head = await post(server, '/v1/accounts/acc-1/top-ups', { topUpId: 't-last', amount: '100', source: 'bank', occurredAt: at });
      await expect.poll(async () => BigInt((await server.app.inject({ url: '/v1/log/checkpoint', headers: { authorization: 'Bearer aud-0123456789' } })).body.split('\n')[1] ?? '0'), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(head);
    } finally {
      await server.stop();
    }
    const served = await headOf(temp.path);

    const tampered = `${temp.directory}/tampered.db`;
    copyFileSync(backup, tampered);
    const database = new Database(tampered);
    database.prepare("UPDATE events SET data = replace(data, '\"100\"', '\"900\"') WHERE position = 3").run();
    database.close();
    const refused = await runCli(['restore', tampered, '--store', temp.store]);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(/does not verify, its hash chains do not verify: account-acc-1 at revision 2; .+ was left as it was$/);
    expect(await headOf(temp.path)).toBe(served);

    // The served log signed checkpoints after the backup was taken: going back before them is a new log.
    const older = await runCli(['restore', backup, '--store', temp.store]);
    expect(older.code).toBe(1);
    expect(oneLine(older.stderr)).toMatch(/is older than or inconsistent with the newest checkpoint .+ signed \(tree size \d+\): .+give --new-log-origin <origin>/);
    expect(await headOf(temp.path)).toBe(served);

    const restored = await runCli(['restore', backup, '--store', temp.store, '--new-log-origin', 'wallet-ledger/restored-1']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/starts a new log: origin wallet-ledger\/restored-1/);
    expect(restored.code).toBe(0);
    expect(await headOf(temp.path)).toBe(await headOf(backup));
    expect(readdirSync(temp.directory).some((name) => /^ledger\.db\.replaced-.+Z$/.test(name))).toBe(true);
  });
});
