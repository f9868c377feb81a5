// History, audit, incidents, reimbursements (JSON and CSV) and alerts through buildApp.
import { right } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { at, errorShape, fixedClock, fundedAccount, testApp } from './http-fixtures.ts';

describe('GET /v1/accounts/{id}/events', () => {
  it('pages the history in order with a next cursor, hash-chained', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    await fundedAccount(call, 'acc-2', '50');
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', { chargeId: 'c', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at });
    const first = (await call('auditor', 'GET', '/v1/accounts/acc-1/events?limit=2')).json();
    expect(first.events.map((event: { type: string }) => event.type)).toEqual(['AccountOpened', 'DeviceRegistered']);
    expect(first.events[1].previousHash).toBe(first.events[0].hash);
    const second = (await call('auditor', 'GET', `/v1/accounts/acc-1/events?after=${first.next}&limit=2`)).json();
    expect(second.events.map((event: { type: string }) => event.type)).toEqual(['DeviceVerified', 'WalletToppedUp']);
    const third = (await call('auditor', 'GET', `/v1/accounts/acc-1/events?after=${second.next}&limit=2`)).json();
    expect(third.events.map((event: { type: string; position: string }) => [event.type, event.position])).toEqual([['WalletCharged', '9']]);
    expect(third.next).toBeNull();
    const missing = await call('auditor', 'GET', '/v1/accounts/nobody/events');
    expect([missing.statusCode, errorShape(missing).code]).toEqual([404, 'account_not_found']);
  });
});

describe('GET /v1/accounts/{id}/audit', () => {
  it('verifies an intact chain and finds the first broken revision of a tampered one', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    let tamper = false;
    const tampering = {
      ...store,
      readStream: async (streamId: string, options?: { fromRevision?: number; limit?: number }) =>
        (await store.readStream(streamId, options)).map((event) =>
          tamper && event.revision === 3 ? { ...event, data: { ...event.data, source: 'forged' } } : event,
        ),
    };
    const { call } = await testApp({ store: tampering });
    await fundedAccount(call, 'acc-1', '1000');
    const intact = (await call('auditor', 'GET', '/v1/accounts/acc-1/audit')).json();
    expect(intact).toMatchObject({ accountId: 'acc-1', events: 4, verified: true });
    tamper = true;
    const broken = (await call('auditor', 'GET', '/v1/accounts/acc-1/audit')).json();
    expect(broken).toMatchObject({ events: 4, verified: false, firstBrokenRevision: 3 });
  });
});

describe('incidents and reimbursements', () => {
  it('answers 201 for a run, 200 for a dry run, and refuses an empty window', async () => {
    const { call } = await testApp();
    const body = { incidentId: 'inc-1', description: 'takeover', window: { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' }, criteria: {} };
    expect((await call('finance', 'POST', '/v1/incidents', body)).statusCode).toBe(201);
    expect((await call('finance', 'POST', '/v1/incidents', { ...body, dryRun: true })).statusCode).toBe(200);
    const backwards = await call('finance', 'POST', '/v1/incidents', { ...body, window: { from: body.window.to, to: body.window.from } });
    expect([backwards.statusCode, errorShape(backwards).code]).toEqual([400, 'invalid_request']);
  });

  it('serves reimbursements as JSON and as CSV', async () => {
    const report = {
      incidentId: 'inc-1',
      rows: [{ accountId: 'acc-1', currency: 'JPY', charges: 2, amount: '190000' }, { accountId: 'acc-2', currency: 'USD', charges: 1, amount: '12.50' }],
      total: { JPY: '190000', USD: '12.50' },
    };
    const { app, call } = await testApp({
      incidents: { run: async (request) => right({ incidentId: request.incidentId, charges: 0, accounts: 0, total: {}, dryRun: true }), reimbursements: async (id) => (id === 'inc-1' ? report : undefined) },
    });
    expect((await call('auditor', 'GET', '/v1/incidents/inc-1/reimbursements')).json()).toEqual(report);
    const csv = await app.inject({ method: 'GET', url: '/v1/incidents/inc-1/reimbursements', headers: { authorization: 'Bearer auditor-key-0001', accept: 'text/csv' } });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe('accountId,currency,charges,amount\nacc-1,JPY,2,190000\nacc-2,USD,1,12.50\n');
    const missing = await call('auditor', 'GET', '/v1/incidents/inc-9/reimbursements');
    expect([missing.statusCode, errorShape(missing).code]).toEqual([404, 'not_found']);
  });

  // Accept is weighed as RFC 9110 says, q-values and wildcards included; nothing acceptable
  // still gets JSON, as v1 answered whatever Accept said.
  const negotiations: ReadonlyArray<readonly [string | undefined, string]> = [
    [undefined, 'application/json'],
    ['text/csv', 'text/csv'],
    ['text/csv;q=0.1, application/json', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/*', 'text/csv'],
    ['*/*', 'application/json'],
    ['text/csv;q=0', 'application/json'],
    ['image/png', 'application/json'],
  ];
  it.each(negotiations)('answers the reimbursements to Accept %s as %s', async (accept, mediaType) => {
    const { app } = await testApp();
    const response = await app.inject({
      method: 'GET',
      url: '/v1/incidents/inc-1/reimbursements',
      headers: { authorization: 'Bearer auditor-key-0001', ...(accept === undefined ? {} : { accept }) },
    });
    expect([response.statusCode, String(response.headers['content-type']).split(';')[0]]).toEqual([200, mediaType]);
  });

  it('answers 503 not_available where the deployment has no incidents service', async () => {
    const { call } = await testApp({ incidents: undefined, alerts: undefined });
    const response = await call('finance', 'GET', '/v1/incidents/inc-1/reimbursements');
    expect([response.statusCode, errorShape(response).code]).toEqual([503, 'not_available']);
    expect((await call('finance', 'GET', '/v1/fraud/alerts')).statusCode).toBe(503);
  });
});

describe('GET /v1/fraud/alerts', () => {
  it('passes since and a bounded limit to the alerts query', async () => {
    const asked: Array<[string, number]> = [];
    const { call } = await testApp({
      alerts: {
        since: async (since, limit) => {
          asked.push([since, limit]);
          return [{ alertId: 'a-1', accountId: 'acc-1', rule: 'velocity', occurredAt: since, details: { triggeredAt: '7', windowMs: 600000, count: 3, total: { amount: '90000', currency: 'JPY' }, charges: [] } }];
        },
      },
    });
    const response = await call('auditor', 'GET', '/v1/fraud/alerts?since=2024-05-01T09:00:00%2B09:00');
    expect(response.json().alerts).toHaveLength(1);
    expect(asked).toEqual([['2024-05-01T00:00:00.000Z', 1000]]);
  });
});

describe('balance freshness', () => {
  it('waits, without waitFor, for the position the store had reached when the request came in', async () => {
    const waited: bigint[] = [];
    const { call, store } = await testApp({
      queries: {
        balance: async () => ({ currency: 'JPY', ledgerBalance: '999', correctedBalance: '999' }),
        waitFor: async (position) => {
          waited.push(position);
          return true;
        },
      },
    });
    await fundedAccount(call, 'acc-1', '1000');
    const head = await store.headPosition();
    expect((await call('payments', 'GET', '/v1/accounts/acc-1/balance')).statusCode).toBe(200);
    expect(waited).toEqual([head]);
  });

  it('answers 503 projection_behind, not a stale balance, when the read side cannot reach the head in time', async () => {
    const { call } = await testApp({
      queries: { balance: async () => ({ currency: 'JPY', ledgerBalance: '0', correctedBalance: '0' }), waitFor: async () => false },
    });
    await fundedAccount(call, 'acc-1', '1000');
    const response = await call('payments', 'GET', '/v1/accounts/acc-1/balance');
    expect([response.statusCode, errorShape(response).code]).toEqual([503, 'projection_behind']);
  });
});
