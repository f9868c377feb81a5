// Logs: every request line carries the request id; no API key and no request body ever appears.
// Metrics: Prometheus text with requests by route and status, latency, appends, store errors.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { StoreUnavailableError } from '../../../domain/ports/event-store.ts';
import { at, errorShape, fixedClock, fundedAccount, keys, testApp } from './http-fixtures.ts';

describe('logs', () => {
  it('put a request id on every request line and never the key or the body', async () => {
    const lines: string[] = [];
    const { call, app } = await testApp({ logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
    await fundedAccount(call, 'acc-1', '1000');
    const secretCategory = 'secret-body-marker';
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', {
      chargeId: 'c-1', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at, category: secretCategory,
    });
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', '{"broken": ');
    await app.inject({ method: 'GET', url: '/v1/accounts/acc-1/audit', headers: { authorization: 'Bearer wrong-key-12345' } });
    const entries = lines.map((line) => JSON.parse(line));
    const completed = entries.filter((entry) => entry.msg === 'request completed');
    // fundedAccount's four commands, two charges and the refused audit: one line each.
    expect(completed.length).toBe(7);
    expect(completed.map((entry) => entry.statusCode)).toEqual([201, 201, 200, 201, 201, 400, 401]);
    for (const entry of entries.filter((line) => 'reqId' in line || 'statusCode' in line)) expect(typeof entry.reqId).toBe('string');
    for (const entry of completed) expect(typeof entry.reqId).toBe('string');
    const all = lines.join('\n');
    for (const key of Object.values(keys)) expect(all).not.toContain(key);
    expect(all).not.toContain('wrong-key-12345');
    expect(all).not.toContain(secretCategory);
  });
});

describe('metrics', () => {
  it('counts requests by route and status, appends by type, and needs the admin or auditor role', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', { chargeId: 'c', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at });
    expect((await call('payments', 'GET', '/metrics')).statusCode).toBe(403);
    const response = await call('auditor', 'GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('ledger_http_requests_total{method="POST",route="/v1/accounts/:accountId/charges",status="201"} 1');
    expect(response.body).toContain('ledger_events_appended_total{type="WalletCharged"} 1');
    expect(response.body).toContain('ledger_http_request_duration_seconds_bucket');
  });

  it('counts store errors and answers 503 store_unavailable', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    const failing = { ...store, readStream: async () => { throw new StoreUnavailableError('disk gone'); } };
    const { call } = await testApp({ store: failing });
    const response = await call('payments', 'POST', '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at });
    expect([response.statusCode, errorShape(response).code]).toEqual([503, 'store_unavailable']);
    expect((await call('admin', 'GET', '/metrics')).body).toContain('ledger_store_errors_total{operation="readStream"} 1');
  });
});

describe('read-your-writes', () => {
  it('waits for the projection to reach the answered position before reading the balance', async () => {
    const reached: bigint[] = [];
    let release: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => { release = resolve; });
    const { call } = await testApp({
      queries: {
        balance: async () => ({ currency: 'JPY', ledgerBalance: reached.length > 0 ? '999' : '1000', correctedBalance: '999' }),
        waitFor: async (position) => {
          await caughtUp;
          reached.push(position);
          return true;
        },
      },
    });
    await fundedAccount(call, 'acc-1', '1000');
    const charged = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { chargeId: 'c', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at });
    const position: string = charged.json().position;
    const reading = call('payments', 'GET', `/v1/accounts/acc-1/balance?waitFor=${position}`);
    release();
    const balance = await reading;
    expect(reached).toEqual([BigInt(position)]);
    expect(balance.json()).toMatchObject({ ledgerBalance: '999', asOf: '2024-05-01T12:00:00.000Z', knownAt: '2024-05-01T12:00:00.000Z' });
  });

  it('answers 503 projection_behind when the projection does not catch up in time', async () => {
    const { call } = await testApp({
      queries: { balance: async () => undefined, waitFor: async () => false },
      readYourWritesTimeoutMs: 1,
    });
    await fundedAccount(call, 'acc-1', '1000');
    const response = await call('payments', 'GET', '/v1/accounts/acc-1/balance?waitFor=1');
    expect([response.statusCode, errorShape(response).code]).toEqual([503, 'projection_behind']);
  });

  it('answers 404 account_not_found for an account the query does not know', async () => {
    const { call } = await testApp();
    const response = await call('auditor', 'GET', '/v1/accounts/missing/balance');
    expect([response.statusCode, errorShape(response).code]).toEqual([404, 'account_not_found']);
  });
});
