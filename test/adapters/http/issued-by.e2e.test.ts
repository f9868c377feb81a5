// issuedBy on every event type: a listening server on a real SQLite file, with named and unnamed
// keys and auto-freeze on, is driven through every command route; afterwards every event in the
// store names who caused it (a key id, or system:<rule or job> for what the ledger did itself).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEventCodecByType } from '../../../domain/events.ts';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';
import { keyIdOf } from '../../../adapters/http/api-keys.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-issued-by-'));
const path = join(directory, 'ledger.db');
const unnamedFinance = keyIdOf({ role: 'finance', key: 'finance-key-0001' });
let server: RunningServer;

const call = async (key: string, method: string, url: string, body?: unknown) => {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
const pay = (url: string, body: unknown) => call('payments-key-0001', 'POST', url, body);
const at = (minute: number) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00+09:00`;

beforeAll(async () => {
  server = await startServer({
    env: {
      LEDGER_STORE: `sqlite:${path}`, PORT: '0', LEDGER_FRAUD_AUTO_FREEZE: 'foreign-login-new-device', LEDGER_HOLD_EXPIRY_INTERVAL_MS: '50',
      LEDGER_API_KEYS: 'payments:checkout:payments-key-0001,finance:finance-key-0001,admin:ops-alice:admin-key-0001,auditor:aud-key-0001',
    },
    print: () => undefined,
    logger: false,
  });
});

afterAll(async () => {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

const drive = async (): Promise<void> => {
  const steps: ReadonlyArray<readonly [string, unknown]> = [
    ['/v1/accounts', { accountId: 'alice', currency: 'JPY', homeCountry: 'JP', occurredAt: at(0) }],
    ['/v1/accounts/alice/devices', { deviceId: 'phone', occurredAt: at(1) }],
    ['/v1/accounts/alice/devices/phone/verification', { method: 'sms_otp', occurredAt: at(2) }],
    ['/v1/accounts/alice/logins', { loginId: 'l1', deviceId: 'phone', ipAddress: '192.0.2.1', country: 'JP', outcome: 'succeeded', occurredAt: at(3) }],
    ['/v1/accounts/alice/top-ups', { topUpId: 't1', amount: '1000', source: 'bank', occurredAt: at(4) }],
    ['/v1/accounts/alice/charges', { chargeId: 'c1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone', occurredAt: at(5) }],
    ['/v1/accounts/alice/charges', { chargeId: 'c2', amount: '200', merchantId: 'm', storeId: 's', deviceId: 'phone', occurredAt: at(6) }],
    ['/v1/accounts/alice/charges', { chargeId: 'c3', amount: '999999', merchantId: 'm', storeId: 's', deviceId: 'phone', occurredAt: at(7) }],
  ];
  for (const [url, body] of steps) expect((await pay(url, body)).status).toBeLessThan(500);
  expect((await call('finance-key-0001', 'POST', '/v1/accounts/alice/charges/c1/reversal', { reason: 'refund', occurredAt: at(8) })).status).toBe(201);
  expect((await call('admin-key-0001', 'POST', '/v1/accounts/alice/freeze', { reason: 'check', occurredAt: at(9) })).status).toBe(200);
  expect((await call('admin-key-0001', 'POST', '/v1/accounts/alice/unfreeze', { reason: 'fine', occurredAt: at(10) })).status).toBe(200);
  // Two-phase charges: one captured, one voided, one left to the ledger's own hold expiry.
  const hold = (chargeId: string, minute: number, extra: Record<string, string> = {}) =>
    pay('/v1/accounts/alice/charges', { chargeId, amount: '10', merchantId: 'm', storeId: 's', deviceId: 'phone', occurredAt: at(minute), capture: 'manual', ...extra });
  expect((await hold('h1', 11)).status).toBe(201);
  expect((await pay('/v1/accounts/alice/charges/h1/capture', { occurredAt: at(12) })).status).toBe(200);
  expect((await hold('h2', 13)).status).toBe(201);
  expect((await pay('/v1/accounts/alice/charges/h2/void', { occurredAt: at(14), reason: 'cancelled' })).status).toBe(200);
  expect((await hold('h3', 15, { holdExpiresAt: new Date(Date.now() + 1_000).toISOString() })).status).toBe(201);
  const incident = { incidentId: 'inc-1', description: 'c2', window: { from: at(6), to: at(7) }, criteria: { accountIds: ['alice'] } };
  expect((await call('finance-key-0001', 'POST', '/v1/incidents', incident)).status).toBe(201);
  // The 7pay pattern: a login from abroad on a new phone, then that phone registered: auto-freeze.
  await pay('/v1/accounts/alice/logins', { loginId: 'l2', deviceId: 'thief', ipAddress: '198.51.100.1', country: 'US', outcome: 'succeeded', occurredAt: at(20) });
  await pay('/v1/accounts/alice/devices', { deviceId: 'thief', occurredAt: at(21) });
  expect((await call('payments-key-0001', 'DELETE', '/v1/accounts/alice/devices/phone', { occurredAt: at(22) })).status).toBe(200);
};

const eventsUntilFrozenBySystem = async (): Promise<ReadonlyArray<Record<string, unknown>>> => {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const page = await call('aud-key-0001', 'GET', '/v1/accounts/alice/events?limit=1000');
    const events = page.json.events as ReadonlyArray<Record<string, unknown>>;
    const frozenBySystem = events.some((event) => event.type === 'AccountFrozen' && String(event.issuedBy).startsWith('system:'));
    if (frozenBySystem && events.some((event) => event.type === 'HoldExpired')) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('auto-freeze or hold expiry never came');
};

describe('issuedBy', () => {
  it('is recorded on every event type, shown by the events API, and covered by the audit', async () => {
    await drive();
    const events = await eventsUntilFrozenBySystem();
    const issuers = new Map<string, Set<unknown>>();
    for (const event of events) issuers.set(String(event.type), new Set([...(issuers.get(String(event.type)) ?? []), event.issuedBy]));
    expect(Object.fromEntries([...issuers].map(([type, set]) => [type, [...set].sort()]))).toEqual({
      AccountOpened: ['payments:checkout'],
      DeviceRegistered: ['payments:checkout'],
      DeviceVerified: ['payments:checkout'],
      DeviceRemoved: ['payments:checkout'],
      LoginRecorded: ['payments:checkout'],
      WalletToppedUp: ['payments:checkout'],
      WalletCharged: ['payments:checkout'],
      ChargeDeclined: ['payments:checkout'],
      ChargeReversed: [unnamedFinance],
      AccountFrozen: ['admin:ops-alice', 'system:foreign-login-new-device'],
      AccountUnfrozen: ['admin:ops-alice'],
      ChargeHeld: ['payments:checkout'],
      HeldChargeCaptured: ['payments:checkout'],
      HoldVoided: ['payments:checkout'],
      HoldExpired: ['system:hold-expiry'],
    });
    expect(Object.keys(ledgerEventCodecByType).sort()).toEqual([...issuers.keys()].sort());
    expect(unnamedFinance).toMatch(/^finance:[0-9a-f]{8}$/);
    expect(events.every((event) => event.hashVersion === 2)).toBe(true);
    const audit = await call('aud-key-0001', 'GET', '/v1/accounts/alice/audit');
    expect(audit.json).toMatchObject({ verified: true, issuedBy: { 'payments:checkout': expect.any(Number), 'system:foreign-login-new-device': 1 } });
  });

  // Fraud alerts are the read side's (its journal in the read file): the server appends none.
  it('names the ledger itself on the events it appends outside accounts', async () => {
    await server.stop();
    const store = openSqliteEventStore({ path });
    const all: StoredEvent[] = [...(await store.readAll({ limit: 1000 }))];
    await store.close();
    const outside = all.filter((event) => !event.streamId.startsWith('account-'));
    expect(Object.fromEntries(outside.map((event) => [event.type, event.metadata?.issuedBy]))).toEqual({
      IncidentDeclared: unnamedFinance,
    });
    expect(all.every((event) => event.metadata?.issuedBy !== undefined)).toBe(true);
  });
});
