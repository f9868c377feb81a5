// Hostile input at volume: at least 10,000 generated malformed or adversarial requests (see
// support/hostile-requests.ts) on every route, through app.inject with the real command handler
// over a store holding a funded account. Every answer is a 4xx in the contract's error shape with
// a snake_case code, nothing is ever appended, and no prototype is polluted. LEDGER_SOAK=1: 50,000.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fundedAccount, keys, proposeSampleApproval, stepUpHold, testApp } from '../adapters/http/http-fixtures.ts';
import { hostileRequest } from './support/hostile-requests.ts';
import { routeSpecs } from '../../adapters/http/routes/resource-plugins.ts';
import { samples, urlOf } from '../adapters/http/route-samples.ts';

const soak = process.env.LEDGER_SOAK === '1';
const requestsTotal = soak ? 50_000 : 10_000;
const snakeCase = /^[a-z]+(_[a-z]+)*$/;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const fundedTarget = async () => {
  const target = await testApp();
  await fundedAccount(target.call, 'acc-1', '1000');
  await target.call('payments', 'POST', '/v1/accounts/acc-1/charges', {
    chargeId: 'c-1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T10:00:00+09:00',
  });
  // A hold for the capture and void routes' samples.
  await target.call('payments', 'POST', '/v1/accounts/acc-1/charges', {
    chargeId: 'h-1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T10:00:00+09:00', capture: 'manual',
  });
  // A four-eyes proposal for the approval routes' samples.
  await proposeSampleApproval(target.store);
  await stepUpHold(target.store, 'acc-1', 's-1');
  return target;
};

describe(`hostile requests (${requestsTotal.toLocaleString('en-US')}, seeded)`, () => {
  // Control: the requests the mutations start from are accepted, so a refusal is the mutation's doing.
  it.each(routeSpecs.map((spec) => `${spec.method} ${spec.url}`))('control: the unmutated %s is accepted', async (route) => {
    const target = await fundedTarget();
    const [method, template] = route.split(' ');
    const sample = samples[route];
    if (sample === undefined || template === undefined) throw new Error(`no sample for ${route}`);
    const response = await target.app.inject({
      method: method === 'GET' ? 'GET' : method === 'DELETE' ? 'DELETE' : 'POST',
      url: urlOf(template, sample),
      headers: { authorization: `Bearer ${keys.admin}`, ...(sample.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(sample.body === undefined ? {} : { payload: JSON.stringify(sample.body) }),
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
  });

  it('are all refused with a shaped 4xx, append nothing and pollute nothing', async () => {
    const target = await fundedTarget();
    const head = await target.store.headPosition();
    const byStatus = new Map<number, number>();
    const byRoute = new Map<string, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const response = await target.app.inject({
          method: request.method,
          url: request.url,
          headers: { authorization: `Bearer ${keys.admin}`, ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) },
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        sent += 1;
        byStatus.set(response.statusCode, (byStatus.get(response.statusCode) ?? 0) + 1);
        const route = `${request.method} ${request.url.split('?')[0]?.replace(/acc-1|phone-1|c-1|inc-1/g, ':id')}`;
        byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
        const where = `${request.method} ${request.url.slice(0, 200)} ${request.mutations.join(' ')} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, where).toBeLessThan(500);
        const body: unknown = response.json();
        const error = isRecord(body) ? body.error : undefined;
        expect(isRecord(error) && typeof error.message === 'string' && error.message.length > 0, where).toBe(true);
        expect(isRecord(error) && typeof error.code === 'string' ? error.code : '', where).toMatch(snakeCase);
        expect(Object.keys(body as object).filter((key) => key !== 'error'), where).toEqual([]);
        expect(await target.store.headPosition(), where).toBe(head);
      }),
      { seed: 0x4057_11e, numRuns: requestsTotal, endOnFailure: false },
    );
    expect(sent).toBeGreaterThanOrEqual(requestsTotal);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    console.log(`hostile: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}, ${byRoute.size} route shapes`);
  }, 300_000);
});
