// The contract's role table, written out independently of the code, walked route by route for
// every role, no key and a wrong key.
import { describe, expect, it } from 'vitest';
import { type Role, roles } from '../../../adapters/http/api-keys.ts';
import { routeSpecs } from '../../../adapters/http/routes/resource-plugins.ts';
import { errorShape, fundedAccount, keys, proposeSampleApproval, stepUpHold, testApp } from './http-fixtures.ts';
import { samples, urlOf } from './route-samples.ts';

const payments: ReadonlyArray<Role> = ['payments', 'admin'];
const readers: ReadonlyArray<Role> = ['auditor', 'finance', 'admin'];
const contract: Readonly<Record<string, ReadonlyArray<Role> | 'public'>> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  'GET /metrics': readers,
  'POST /v1/accounts': payments,
  'POST /v1/accounts/:accountId/devices': payments,
  'POST /v1/accounts/:accountId/devices/:deviceId/verification': payments,
  'DELETE /v1/accounts/:accountId/devices/:deviceId': payments,
  'POST /v1/accounts/:accountId/logins': payments,
  'POST /v1/accounts/:accountId/top-ups': payments,
  'POST /v1/accounts/:accountId/charges': payments,
  'POST /v1/accounts/:accountId/charges/:chargeId/capture': payments,
  'POST /v1/accounts/:accountId/charges/:chargeId/step-up': payments,
  'POST /v1/accounts/:accountId/charges/:chargeId/void': payments,
  'POST /v1/accounts/:accountId/charges/:chargeId/reversal': ['finance', 'admin'],
  'POST /v1/accounts/:accountId/freeze': ['admin'],
  'POST /v1/accounts/:accountId/unfreeze': ['admin'],
  'GET /v1/accounts/:accountId/balance': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/accounts/:accountId/events': readers,
  'GET /v1/accounts/:accountId/audit': readers,
  'POST /v1/incidents': ['finance', 'admin'],
  'GET /v1/incidents/:incidentId/reimbursements': readers,
  'GET /v1/fraud/alerts': readers,
  'GET /v1/log/checkpoint': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/log/checkpoints/:treeSize': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/log/key': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/log/proofs/inclusion': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/log/proofs/consistency': ['payments', 'auditor', 'finance', 'admin'],
  'GET /v1/approvals': readers,
  'GET /v1/approvals/:approvalId': readers,
  'POST /v1/approvals/:approvalId/approve': ['finance', 'admin'],
  'POST /v1/approvals/:approvalId/reject': ['finance', 'admin'],
};

type Caller = Role | 'none' | 'wrong';
const callers: ReadonlyArray<Caller> = [...roles, 'none', 'wrong'];
const rows = routeSpecs.flatMap((spec) => callers.map((caller) => [`${spec.method} ${spec.url}`, caller] as const));

describe('auth matrix', () => {
  it('covers every documented route', () => {
    expect(new Set(routeSpecs.map((spec) => `${spec.method} ${spec.url}`))).toEqual(new Set(Object.keys(contract)));
  });

  it.each(rows)('%s as %s', async (route, caller) => {
    const { app, call, store } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', {
      chargeId: 'c-1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T10:00:00+09:00',
    });
    // A hold for the capture and void samples.
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', {
      chargeId: 'h-1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T10:00:00+09:00', capture: 'manual',
    });
    await proposeSampleApproval(store);
    await stepUpHold(store, 'acc-1', 's-1');
    const [method, template] = route.split(' ') as [string, string];
    const sample = samples[route];
    if (sample === undefined) throw new Error(`no sample for ${route}`);
    const authorization = caller === 'none' ? {} : { authorization: `Bearer ${caller === 'wrong' ? 'not-a-key-at-all' : keys[caller]}` };
    const response = await app.inject({
      method: method === 'GET' ? 'GET' : method === 'POST' ? 'POST' : 'DELETE',
      url: urlOf(template, sample),
      headers: { ...authorization, ...(sample.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(sample.body === undefined ? {} : { payload: JSON.stringify(sample.body) }),
    });
    const allowed = contract[route];
    if (allowed === 'public') {
      expect(response.statusCode).toBe(200);
    } else if (caller === 'none' || caller === 'wrong') {
      expect([response.statusCode, errorShape(response).code]).toEqual([401, 'unauthenticated']);
    } else if (allowed?.includes(caller)) {
      expect(response.statusCode, response.body).toBeLessThan(300);
    } else {
      expect([response.statusCode, errorShape(response).code]).toEqual([403, 'forbidden']);
    }
  });

  it('serves the OpenAPI document and the docs page without a key', async () => {
    const { app } = await testApp();
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });

  it('refuses a key for another role even when its prefix matches, and a non-bearer scheme', async () => {
    const { app } = await testApp();
    for (const authorization of [`Bearer ${keys.admin}x`, `Bearer ${keys.admin.slice(0, -1)}`, `Basic ${keys.admin}`, keys.admin, 'Bearer ']) {
      const response = await app.inject({ method: 'GET', url: '/v1/accounts/acc-1/audit', headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });
});
