// Every 400 carries details of one shape, an array of {field, rule, ...}: a body that does not
// decode, the decider's scale check, a query time whose '+' arrived as a space, bad JSON.
import { describe, expect, it } from 'vitest';
import { at, fundedAccount, testApp } from './http-fixtures.ts';

type Details = ReadonlyArray<Readonly<{ field: string; rule: string }>>;

const detailsOf = (body: string): Details => {
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) throw new Error(`not an error: ${body}`);
  const { error } = parsed;
  if (typeof error !== 'object' || error === null || !('details' in error) || !Array.isArray(error.details)) throw new Error(`no details array: ${body}`);
  for (const entry of error.details) {
    if (typeof entry !== 'object' || entry === null || typeof entry.field !== 'string' || typeof entry.rule !== 'string') {
      throw new Error(`a detail without field and rule: ${body}`);
    }
  }
  return error.details;
};

const charge = (chargeId: string, amount: string) =>
  ({ chargeId, amount, merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt: at });

describe('400 details', () => {
  it('have one shape for a decoding failure, the amount scale and bad JSON', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const scale = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '10.5'));
    expect(scale.statusCode).toBe(400);
    expect(detailsOf(scale.body)).toEqual([{ field: 'body.amount', rule: 'at most 0 fraction digits for JPY', currency: 'JPY', scaleMax: 0 }]);

    const missing = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { chargeId: 'c-2' });
    expect(missing.statusCode).toBe(400);
    expect(detailsOf(missing.body).length).toBeGreaterThan(0);

    const json = await call('payments', 'POST', '/v1/accounts/acc-1/charges', '{"chargeId":');
    expect(json.statusCode).toBe(400);
    expect(detailsOf(json.body)).toEqual([{ field: 'body', rule: expect.any(String) }]);
  });

  it('say a negative amount must be positive', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const negative = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '-100'));
    expect(negative.statusCode).toBe(400);
    expect(detailsOf(negative.body)).toContainEqual({ field: 'body.amount', rule: expect.stringMatching(/must be positive/) });
  });

  it("hint at %2B for a query time whose '+' arrived as a space", async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const spaced = await call('payments', 'GET', '/v1/accounts/acc-1/balance?asOf=2024-05-01T10:00:00+09:00');
    expect(spaced.statusCode).toBe(400);
    expect(detailsOf(spaced.body)).toEqual([{ field: 'query.asOf', rule: expect.stringContaining('%2B') }]);
    const encoded = await call('payments', 'GET', '/v1/accounts/acc-1/balance?asOf=2024-05-01T10:00:00%2B09:00');
    expect(encoded.statusCode).toBe(200);
  });
});
