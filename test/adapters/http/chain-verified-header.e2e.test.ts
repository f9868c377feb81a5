// A server started on a SQLite file where one event of one account was altered: the balance and
// events of that account answer as usual but with `Ledger-Chain-Verified: false`; another
// account's answers carry no such header.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../adapters/app/server.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { opened, toppedUp } from '../../projections/support/ledger-fixtures.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-chain-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const keys = 'payments:pay-0123456789,auditor:aud-0123456789,finance:fin-0123456789,admin:adm-0123456789';

describe('Ledger-Chain-Verified', () => {
  it('marks the answers about an account whose chain does not verify', async () => {
    const path = join(directory, 'ledger.db');
    const seeding = openSqliteEventStore({ path, clock: { now: () => new Date('2024-05-02T00:00:00.000Z') } });
    await seeding.append('account-a', [opened('a'), toppedUp('a', 1, '100', 't-1')], expectAny);
    await seeding.append('account-b', [opened('b'), toppedUp('b', 1, '100', 't-1')], expectAny);
    await seeding.close();
    const database = new Database(path);
    database.prepare("UPDATE events SET data = replace(data, '\"100\"', '\"900\"') WHERE stream_id = 'account-a' AND revision = 1").run();
    database.close();

    const server = await startServer({ env: { LEDGER_STORE: `sqlite:${path}`, LEDGER_API_KEYS: keys, HOST: '127.0.0.1', PORT: '0' }, print: () => undefined, logger: false });
    try {
      const get = (url: string) => server.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer aud-0123456789' } });
      // The projection catches up in the background: ask until it has (bounded).
      let balance = await get('/v1/accounts/a/balance');
      for (let attempt = 0; attempt < 100 && balance.headers['ledger-chain-verified'] === undefined; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        balance = await get('/v1/accounts/a/balance');
      }
      expect(balance.statusCode).toBe(200);
      expect(balance.headers['ledger-chain-verified']).toBe('false');
      // The body stays as the contract has it (here, the altered amount).
      expect(balance.json()).toMatchObject({ accountId: 'a', ledgerBalance: '900' });
      const events = await get('/v1/accounts/a/events');
      expect([events.statusCode, events.headers['ledger-chain-verified']]).toEqual([200, 'false']);

      const other = await get('/v1/accounts/b/balance');
      expect([other.statusCode, other.headers['ledger-chain-verified']]).toEqual([200, undefined]);
      expect((await get('/v1/accounts/b/events')).headers['ledger-chain-verified']).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});
