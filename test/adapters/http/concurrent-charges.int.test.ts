// 100 charges fired at once over real HTTP (a listening server, fetch) against one account on the
// SQLite store: exactly as many are accepted as the balance covers, and the balance ends exact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fold } from '../../../domain/evolve.ts';
import { initialState } from '../../../domain/state.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { buildApp } from '../../../adapters/http/build-app.ts';
import { listeningBase } from '../../support/listening-base.ts';
import { postJson, seedFundedAccount } from '../../support/funded-account-over-http.ts';
import { at, keys, testDeps } from './http-fixtures.ts';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('concurrent charges over a listening server', () => {
  it('accepts exactly floor(balance / amount) of 100 parallel charges and never overdraws', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-http-'));
    directories.push(directory);
    const store = openSqliteEventStore({ path: join(directory, 'ledger.db') });
    const app = await buildApp(testDeps(store));
    const base = await listeningBase(app);
    try {
      const authorization = `Bearer ${keys.payments}`;
      const post = (path: string, body: unknown) => postJson(base, authorization, path, body);
      await seedFundedAccount(base, authorization, { accountId: 'acc-1', amount: '1000', topUpId: 't-1', occurredAt: at });
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          post('/v1/accounts/acc-1/charges', {
            chargeId: `c-${index}`, amount: '30', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at,
          }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      const codes = await Promise.all(
        responses.map(async (response) => {
          const body: unknown = await response.json();
          return typeof body === 'object' && body !== null && 'error' in body ? JSON.stringify(body.error) : undefined;
        }),
      );
      expect(statuses.filter((status) => status === 201)).toHaveLength(33);
      expect(statuses.filter((status) => status === 422)).toHaveLength(67);
      for (const code of codes.filter((_, index) => statuses[index] === 422)) expect(code).toContain('"code":"insufficient_funds"');
      const stored = await store.readStream('account-acc-1', { limit: 1000 });
      const state = fold(stored.map(toLedgerEvent), initialState());
      if (state.status !== 'open') throw new Error('account not open');
      expect(state.balance.amount.toFixed()).toBe('10');
      expect(stored.filter((event) => event.type === 'WalletCharged')).toHaveLength(33);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
