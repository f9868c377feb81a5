// Step-up over HTTP (fastify inject, memory store): a flagged charge is held and answered 202 for a
// client that supports step-up and captured by POST .../step-up; refused 422 step_up_required for
// any other client, recorded as a declined attempt; with step-up off every answer is v1's.
import { describe, expect, it } from 'vitest';
import { amount } from '../../domain/fixtures.ts';
import type { StepUpRules } from '../../../domain/step-up.ts';
import { at, errorShape, fundedAccount, testApp } from './http-fixtures.ts';

const rules: StepUpRules = {
  'device-verified-recently': { withinMs: 60_000 },
  'amount-over-threshold': { amountMaxByCurrency: { JPY: amount('30000') } },
};
const charge = (chargeId: string, value: string, extra: Record<string, unknown> = {}) =>
  ({ chargeId, amount: value, merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T12:00:00+09:00', ...extra });

const setUp = async (stepUp: StepUpRules | null = rules) => {
  const target = await testApp(stepUp === null ? {} : { stepUp });
  await fundedAccount(target.call, 'acc-1', '100000');
  return target;
};

const eventTypes = async (call: Awaited<ReturnType<typeof setUp>>['call']): Promise<ReadonlyArray<string>> =>
  (await call('auditor', 'GET', '/v1/accounts/acc-1/events?limit=100')).json().events.map((item: { type: string }) => item.type);

describe('step-up over HTTP', () => {
  it('holds a flagged charge of a client that supports step-up: 202 with its reasons; the same request answers the same', async () => {
    const { call } = await setUp();
    const first = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({
      status: 'step_up_required', chargeId: 'c-1', expiresAt: '2024-05-08T12:00:00.000Z', reasons: ['amount-over-threshold'], type: 'ChargeHeld',
    });
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    expect([again.statusCode, again.body]).toEqual([202, first.body]);
    // The amount is reserved: the rest of the balance only.
    const refused = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-2', '50001'));
    expect([refused.statusCode, errorShape(refused).code]).toEqual([422, 'insufficient_funds']);
  });

  it('with a challenge window (LEDGER_STEP_UP_HOLD_MINUTES), a step-up hold expires that long after the ledger records it; a client\'s own holdExpiresAt wins', async () => {
    const { call } = await testApp({ stepUp: rules, stepUpHoldExpiresAfterMs: 15 * 60_000 });
    await fundedAccount(call, 'acc-1', '100000');
    const held = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    expect([held.statusCode, held.json().expiresAt]).toEqual([202, '2024-05-01T12:15:00.000Z']);
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    expect([again.statusCode, again.body]).toEqual([202, held.body]);
    const own = await call('payments', 'POST', '/v1/accounts/acc-1/charges',
      charge('c-2', '40000', { stepUp: 'supported', capture: 'manual', holdExpiresAt: '2024-05-03T00:00:00Z' }));
    expect([own.statusCode, own.json().expiresAt]).toEqual([202, '2024-05-03T00:00:00.000Z']);
  });

  it('captures it by POST .../step-up: 200 captured, recording the method; a plain capture is refused', async () => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    const plain = await call('payments', 'POST', '/v1/accounts/acc-1/charges/c-1/capture', { occurredAt: at });
    expect([plain.statusCode, errorShape(plain).code]).toEqual([422, 'step_up_required']);
    const stepUp = await call('payments', 'POST', '/v1/accounts/acc-1/charges/c-1/step-up', { method: 'passkey', occurredAt: at });
    expect(stepUp.statusCode).toBe(200);
    expect(stepUp.json()).toMatchObject({ status: 'captured', chargeId: 'c-1', amount: '50000', type: 'HeldChargeCaptured' });
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges/c-1/step-up', { method: 'passkey', occurredAt: at });
    expect([again.statusCode, again.body]).toEqual([200, stepUp.body]);
    const other = await call('payments', 'POST', '/v1/accounts/acc-1/charges/c-1/step-up', { method: 'totp', occurredAt: at });
    expect([other.statusCode, errorShape(other).code]).toEqual([409, 'idempotency_conflict']);
    expect((await eventTypes(call)).slice(-2)).toEqual(['ChargeHeld', 'HeldChargeCaptured']);
  });

  it('refuses a flagged charge of a client that did not declare step-up: 422 with the reasons, one ChargeDeclined appended', async () => {
    const { call } = await setUp();
    const before = await eventTypes(call);
    const refused = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000'));
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'step_up_required', details: { reasons: ['amount-over-threshold'] } } });
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000'));
    expect([again.statusCode, again.body]).toEqual([422, refused.body]);
    expect(await eventTypes(call)).toEqual([...before, 'ChargeDeclined']);
    // Nothing is held: the whole balance is still spendable.
    const all = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-2', '30000'));
    expect(all.statusCode).toBe(201);
  });

  it('judges the device verified within the rule window (the fixture verifies it at 10:00, the charge is at 10:00)', async () => {
    const { call } = await setUp();
    const fresh = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '100', { occurredAt: at, stepUp: 'supported' }));
    expect([fresh.statusCode, fresh.json().reasons]).toEqual([202, ['device-verified-recently']]);
    const settled = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-2', '100', { stepUp: 'supported' }));
    expect([settled.statusCode, settled.json()]).toEqual([201, expect.not.objectContaining({ status: expect.anything() })]);
  });

  it.each([
    ['an unknown charge', 'c-9', 404, 'charge_not_found'],
    ['a plain charge', 'c-plain', 409, 'charge_not_held'],
    ['a client hold that awaits no step-up', 'c-hold', 409, 'charge_not_held'],
  ])('refuses a step-up of %s', async (_what, chargeId, status, code) => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-plain', '10'));
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-hold', '10', { capture: 'manual' }));
    const refused = await call('payments', 'POST', `/v1/accounts/acc-1/charges/${chargeId}/step-up`, { method: 'sms_otp', occurredAt: at });
    expect([refused.statusCode, errorShape(refused).code]).toEqual([status, code]);
  });

  it.each([
    ['no method', { occurredAt: at }],
    ['an unknown method', { method: 'carrier_pigeon', occurredAt: at }],
    ['an amount (a step-up captures the whole hold)', { method: 'totp', occurredAt: at, amount: '1' }],
  ])('answers 400 to a step-up body with %s and appends nothing', async (_what, body) => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    const before = await eventTypes(call);
    const refused = await call('payments', 'POST', '/v1/accounts/acc-1/charges/c-1/step-up', body);
    expect([refused.statusCode, errorShape(refused).code]).toEqual([400, 'invalid_request']);
    expect(await eventTypes(call)).toEqual(before);
  });

  it('answers as v1 when step-up is off, whatever the client declares', async () => {
    const { call } = await setUp(null);
    const plain = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-1', '50000', { stepUp: 'supported' }));
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).not.toHaveProperty('status');
    const v1 = await call('payments', 'POST', '/v1/accounts/acc-1/charges', charge('c-2', '50000'));
    expect(v1.statusCode).toBe(201);
  });
});
