// The command routes end to end through buildApp: statuses, bodies, idempotent replays, and every
// domain rejection answered with the contract's status and code.
import { describe, expect, it } from 'vitest';
import { at, errorShape, fundedAccount, testApp } from './http-fixtures.ts';

const charge = (chargeId: string, amount: string, deviceId = 'phone-1') => ({
  chargeId, amount, merchantId: 'm-1', storeId: 's-1', deviceId, occurredAt: at,
});

describe('command routes', () => {
  it('opens an account with 201 and answers position, recordedAt and the event', async () => {
    const { call } = await testApp();
    const response = await call('payments', 'POST', '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      accountId: 'acc-1', position: '1', recordedAt: '2024-05-01T12:00:00.000Z', revision: 0, type: 'AccountOpened',
    });
  });

  it('walks devices, top-up, charge, reversal, freeze and unfreeze with the contract statuses', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const charged = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '300'));
    expect(charged.statusCode).toBe(201);
    expect(charged.json()).toMatchObject({ accountId: 'acc-1', chargeId: 'c-1', amount: '300', currency: 'JPY', type: 'WalletCharged' });
    const login = { loginId: 'l-1', deviceId: 'phone-1', ipAddress: '203.0.113.5', country: 'JP', outcome: 'succeeded', occurredAt: at };
    expect((await call('payments', 'POST', '/v1/accounts/acc-1/logins', login)).statusCode).toBe(201);
    const reversal = await call('finance', 'POST', '/v1/accounts/acc-1/charges/c-1/reversal', { reason: 'fraud', occurredAt: at });
    expect(reversal.statusCode).toBe(201);
    expect(reversal.json()).toMatchObject({ chargeId: 'c-1', amount: '300', type: 'ChargeReversed' });
    expect((await call('admin', 'POST', '/v1/accounts/acc-1/freeze', { reason: 'review', occurredAt: at })).statusCode).toBe(200);
    const frozen = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-2', '1'));
    expect([frozen.statusCode, errorShape(frozen).code]).toEqual([422, 'account_frozen']);
    expect((await call('admin', 'POST', '/v1/accounts/acc-1/unfreeze', { reason: 'cleared', occurredAt: at })).statusCode).toBe(200);
    const removed = await call('payments', 'DELETE', '/v1/accounts/acc-1/devices/phone-1', { occurredAt: at });
    expect(removed.statusCode).toBe(200);
  });

  it('answers an idempotent replay with the same status and body, and appends nothing', async () => {
    const { call, store } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const first = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '300'));
    const head = await store.headPosition();
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '300'));
    expect([again.statusCode, again.body]).toEqual([first.statusCode, first.body]);
    const reopened = await call('payments', 'POST', '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at });
    expect([reopened.statusCode, reopened.json()]).toMatchObject([201, { position: '1' }]);
    expect(await store.headPosition()).toBe(head);
  });

  it.each([
    ['same charge id, other body', '/v1/accounts/acc-1/charges', charge('c-1', '301'), 409, 'idempotency_conflict'],
    ['account opened again with another currency', '/v1/accounts', { accountId: 'acc-1', currency: 'USD', homeCountry: 'JP', occurredAt: at }, 409, 'account_exists'],
    ['device registered again with another time', '/v1/accounts/acc-1/devices', { deviceId: 'phone-1', occurredAt: '2024-05-02T00:00:00Z' }, 409, 'device_already_registered'],
    ['unknown account', '/v1/accounts/nobody/devices', { deviceId: 'phone-1', occurredAt: at }, 404, 'account_not_found'],
    ['login on an unknown account', '/v1/accounts/nobody/logins', { loginId: 'l', deviceId: 'd', ipAddress: '::1', country: 'JP', outcome: 'failed', occurredAt: at }, 404, 'account_not_found'],
    ['verification of an unknown device', '/v1/accounts/acc-1/devices/ghost/verification', { method: 'totp', occurredAt: at }, 422, 'device_not_registered'],
    ['more than the balance', '/v1/accounts/acc-1/charges', charge('c-9', '100000'), 422, 'insufficient_funds'],
    ['an unknown device', '/v1/accounts/acc-1/charges', charge('c-8', '1', 'ghost'), 422, 'device_not_registered'],
    ['a top-up in another currency', '/v1/accounts/acc-1/top-ups', { topUpId: 't-2', amount: '5', currency: 'USD', source: 'bank', occurredAt: at }, 422, 'currency_mismatch'],
    ['yen with a fraction', '/v1/accounts/acc-1/top-ups', { topUpId: 't-3', amount: '5.5', source: 'bank', occurredAt: at }, 400, 'invalid_request'],
    ['yen written with a zero fraction', '/v1/accounts/acc-1/top-ups', { topUpId: 't-4', amount: '5.0', source: 'bank', occurredAt: at }, 400, 'invalid_request'],
    ['a charge in yen written with a zero fraction', '/v1/accounts/acc-1/charges', charge('c-7', '10.00'), 400, 'invalid_request'],
  ])('refuses %s', async (_name, url, body, status, code) => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '300'));
    const response = await call('payments', 'POST', url, body);
    expect([response.statusCode, errorShape(response).code]).toEqual([status, code]);
  });

  it('refuses an unverified device (422) and records the attempt, never changing the balance', async () => {
    const { call, store } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    await call('payments', 'POST', '/v1/accounts/acc-1/devices', { deviceId: 'phone-2', occurredAt: at });
    const response = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '10', 'phone-2'));
    expect([response.statusCode, errorShape(response).code]).toEqual([422, 'device_not_verified']);
    const last = (await store.readAll({ limit: 100 })).at(-1);
    expect(last?.type).toBe('ChargeDeclined');
  });

  it('answers reversal rejections: charge_not_found 404, charge_already_reversed 409', async () => {
    const { call } = await testApp();
    await fundedAccount(call, 'acc-1', '1000');
    const missing = await call('finance', 'POST', '/v1/accounts/acc-1/charges/nope/reversal', { reason: 'x', occurredAt: at });
    expect([missing.statusCode, errorShape(missing).code]).toEqual([404, 'charge_not_found']);
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '300'));
    await call('finance', 'POST', '/v1/accounts/acc-1/charges/c-1/reversal', { reason: 'fraud', occurredAt: at });
    const twice = await call('finance', 'POST', '/v1/accounts/acc-1/charges/c-1/reversal', { reason: 'other', occurredAt: at });
    expect([twice.statusCode, errorShape(twice).code]).toEqual([409, 'charge_already_reversed']);
  });

  it('answers 503 retries_exhausted when the command path gives up (load, not input)', async () => {
    const { call } = await testApp({
      commandHandler: () => async () => ({ _tag: 'Left', left: { kind: 'retries_exhausted', attempts: 8 } }),
    });
    const response = await call('payments', 'POST', '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at });
    expect([response.statusCode, errorShape(response).code]).toEqual([503, 'retries_exhausted']);
  });
});
