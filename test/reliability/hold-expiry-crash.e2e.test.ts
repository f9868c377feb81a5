// Hold expiry across a kill -9: the real server holds money, is killed with SIGKILL, and after a
// restart on the same SQLite file its expiry process releases the hold exactly once, recorded at
// holdExpiresAt; another restart appends no second expiry.
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { apiKeysVariable, expectStatus, send } from './support/ledger-http.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const files = temporaryDirectory('hold-expiry');
afterAll(files.remove);

const at = '2024-05-01T10:00:00+09:00';
const waitMsMax = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Entry = Readonly<{ type: string; occurredAt: string; data: Readonly<Record<string, unknown>> }>;
const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string' && 'occurredAt' in value;

const expiriesOf = async (server: ServerProcess): Promise<ReadonlyArray<Entry>> => {
  const body = await expectStatus(send(server.url, 'auditor', 'GET', '/v1/accounts/acc-1/events?limit=100'), (s) => s === 200, 'events');
  const events: unknown = typeof body === 'object' && body !== null && 'events' in body ? body.events : [];
  return (Array.isArray(events) ? events : []).filter(isEntry).filter((event) => event.type === 'HoldExpired');
};

describe('hold expiry across a kill -9', () => {
  it('releases the hold once after the restart, at holdExpiresAt', async () => {
    const store = `sqlite:${files.nextPath()}`;
    const extra = { LEDGER_HOLD_EXPIRY_INTERVAL_MS: '100' };
    let server = await startServerProcess({ store, apiKeys: apiKeysVariable, extra });
    onTestFinished(async () => {
      await server.kill('SIGKILL');
    });
    for (const [path, body] of [
      ['/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at }],
      ['/v1/accounts/acc-1/devices', { deviceId: 'phone-1', occurredAt: at }],
      ['/v1/accounts/acc-1/devices/phone-1/verification', { method: 'sms_otp', occurredAt: at }],
      ['/v1/accounts/acc-1/top-ups', { topUpId: 't-1', amount: '1000', source: 'bank', occurredAt: at }],
    ] as const) {
      await expectStatus(send(server.url, 'payments', 'POST', path, body), (s) => s < 300, path);
    }
    // Expires two seconds from now by the server's clock (the same machine's).
    const holdExpiresAt = new Date(Date.now() + 2_000).toISOString();
    const hold = { chargeId: 'h-1', amount: '600', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at, capture: 'manual', holdExpiresAt };
    await expectStatus(send(server.url, 'payments', 'POST', '/v1/accounts/acc-1/charges', hold), (s) => s === 201, 'hold');
    expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');

    server = await startServerProcess({ store, apiKeys: apiKeysVariable, extra });
    let expired = await expiriesOf(server);
    for (let waitedMs = 0; expired.length === 0 && waitedMs < waitMsMax; waitedMs += 200) {
      await sleep(200);
      expired = await expiriesOf(server);
    }
    expect(expired.map((event) => [event.data.chargeId, event.occurredAt])).toEqual([['h-1', holdExpiresAt]]);
    // The released amount is spendable again: the whole 1000.
    const all = { chargeId: 'c-1', amount: '1000', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at };
    await expectStatus(send(server.url, 'payments', 'POST', '/v1/accounts/acc-1/charges', all), (s) => s === 201, 'charge');

    expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');
    server = await startServerProcess({ store, apiKeys: apiKeysVariable, extra });
    // Several passes of a fresh process over a rebuilt view: still one expiry.
    await sleep(600);
    expect(await expiriesOf(server)).toHaveLength(1);
  });
});
