// Capture, void and expiry racing on the same holds: captures and voids over real HTTP (a listening
// server on the SQLite store), expiries from a second command handler on the same store, as the
// expiry process of another instance would issue them. Exactly one settles each hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { buildApp } from '../../../adapters/http/build-app.ts';
import { AccountId, ChargeId } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { decodeOrThrow } from '../../domain/fixtures.ts';
import { listeningBase } from '../../support/listening-base.ts';
import { postJson, seedFundedAccount } from '../../support/funded-account-over-http.ts';
import { at, keys, testDeps } from './http-fixtures.ts';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const holdCount = 12;

describe('races on one hold', () => {
  it('settles each hold exactly once whether capture, void or expiry comes first', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-holds-'));
    directories.push(directory);
    const store = openSqliteEventStore({ path: join(directory, 'ledger.db') });
    const app = await buildApp(testDeps(store));
    const expiries = createCommandHandler(store);
    const base = await listeningBase(app);
    try {
      const authorization = `Bearer ${keys.payments}`;
      const post = (path: string, body: unknown) => postJson(base, authorization, path, body);
      await seedFundedAccount(base, authorization, { accountId: 'acc-1', amount: '100000', topUpId: 't-1', occurredAt: at });
      // The server's clock reads 12:00:00; these holds expire a millisecond later.
      const holdExpiresAt = '2024-05-01T12:00:00.001Z';
      for (let index = 0; index < holdCount; index += 1) {
        const body = { chargeId: `h-${index}`, amount: '1000', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at, capture: 'manual', holdExpiresAt };
        expect((await post('/v1/accounts/acc-1/charges', body)).status).toBe(201);
      }
      const accountId = decodeOrThrow(AccountId, 'acc-1');
      const expiryClock = decodeOrThrow(InstantCodec, '2024-05-01T12:00:01Z');
      const outcomes = await Promise.all(
        Array.from({ length: holdCount }, (_, index) => [
          post(`/v1/accounts/acc-1/charges/h-${index}/capture`, { occurredAt: at, amount: '700' }).then((response) => response.status),
          post(`/v1/accounts/acc-1/charges/h-${index}/void`, { occurredAt: at, reason: 'cancelled' }).then((response) => response.status),
          expiries({ kind: 'ExpireHold', accountId, chargeId: decodeOrThrow(ChargeId, `h-${index}`), occurredAt: expiryClock })
            .then((outcome) => (outcome._tag === 'Right' ? 200 : 409)),
        ]).flat(),
      );
      const settled = (await store.readStream('account-acc-1', { fromRevision: 0, limit: 1000 }))
        .map(toLedgerEvent)
        .filter((event) => event.type === 'HeldChargeCaptured' || event.type === 'HoldVoided' || event.type === 'HoldExpired');
      const perHold = new Map<string, number>();
      for (const event of settled) perHold.set(event.data.chargeId, (perHold.get(event.data.chargeId) ?? 0) + 1);
      expect([...perHold.values()]).toEqual(Array.from({ length: holdCount }, () => 1));
      // One success per hold, every other attempt refused (409 charge_not_held).
      expect(outcomes.filter((status) => status === 200)).toHaveLength(holdCount);
      expect(outcomes.filter((status) => status === 409)).toHaveLength(2 * holdCount);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
