// Two-phase charges over HTTP (fastify inject, memory store): the answers the contract gives for
// a hold, its capture and its void, their idempotency, and what a v1 charge still answers.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { at, errorShape, fundedAccount, testApp } from './http-fixtures.ts';

const charge = { amount: '600', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at };
const held = (chargeId: string, extra: Record<string, unknown> = {}) => ({ ...charge, chargeId, capture: 'manual', ...extra });

// A clock the test moves: the ledger's clock judges expiry.
const movableClock = (iso: string) => {
  let now = new Date(iso);
  const clock: Clock = { now: () => now };
  return { clock, set: (next: string) => (now = new Date(next)) };
};

const setUp = async (clock?: Clock) => {
  const target = await testApp(clock === undefined ? {} : { clock });
  await fundedAccount(target.call, 'acc-1', '1000');
  return target;
};

describe('two-phase charges over HTTP', () => {
  it('holds with 201 status held and a default expiry 7 days after the ledger records it; the same body answers the same', async () => {
    const { call } = await setUp();
    const first = await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ chargeId: 'h-1', type: 'ChargeHeld', status: 'held', amount: '600', holdExpiresAt: '2024-05-08T12:00:00.000Z' });
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    expect([again.statusCode, again.body]).toEqual([201, first.body]);
    const other = await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1', { holdExpiresAt: '2024-05-03T00:00:00Z' }));
    expect([other.statusCode, errorShape(other).code]).toEqual([409, 'idempotency_conflict']);
  });

  it('leaves held money to no later charge, and a v1 charge answer carries no status', async () => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    const refused = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-1', amount: '401' });
    expect([refused.statusCode, errorShape(refused).code]).toEqual([422, 'insufficient_funds']);
    const accepted = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-2', amount: '400' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).not.toHaveProperty('status');
    expect(accepted.json()).not.toHaveProperty('holdExpiresAt');
  });

  it('captures less than the hold with 200 status captured; a repeat answers the same, another body is a conflict', async () => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    const capture = { occurredAt: at, amount: '500' };
    const first = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/capture', capture);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ chargeId: 'h-1', type: 'HeldChargeCaptured', status: 'captured', amount: '500', currency: 'JPY' });
    const again = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/capture', capture);
    expect([again.statusCode, again.body]).toEqual([200, first.body]);
    const whole = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/capture', { occurredAt: at });
    expect([whole.statusCode, errorShape(whole).code]).toEqual([409, 'idempotency_conflict']);
    const voided = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/void', { occurredAt: at, reason: 'late' });
    expect([voided.statusCode, errorShape(voided).code]).toEqual([409, 'charge_not_held']);
    // The released 100 is spendable again: 1000 - 500 captured.
    const rest = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-1', amount: '500' });
    expect(rest.statusCode).toBe(201);
  });

  it('voids with 200 status voided and releases the whole hold', async () => {
    const { call } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    const voided = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/void', { occurredAt: at, reason: 'order cancelled' });
    expect([voided.statusCode, voided.json().status]).toEqual([200, 'voided']);
    const all = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-1', amount: '1000' });
    expect(all.statusCode).toBe(201);
  });

  it.each([
    ['an unknown charge', 'c-9', { occurredAt: at }, 404, 'charge_not_found'],
    ['a plain charge', 'c-1', { occurredAt: at }, 409, 'charge_not_held'],
    ['more than was held', 'h-1', { occurredAt: at, amount: '601' }, 422, 'capture_exceeds_hold'],
    ['a JPY amount with fraction digits', 'h-1', { occurredAt: at, amount: '1.0' }, 400, 'invalid_request'],
  ])('refuses to capture %s', async (_what, chargeId, body, status, code) => {
    const { call, store } = await setUp();
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-1', amount: '10' });
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1'));
    const head = await store.headPosition();
    const response = await call('payments', 'POST', `/v1/accounts/acc-1/charges/${chargeId}/capture`, body);
    expect([response.statusCode, errorShape(response).code]).toEqual([status, code]);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a capture or a void once the ledger clock passed holdExpiresAt', async () => {
    const { clock, set } = movableClock('2024-05-01T12:00:00Z');
    const { call } = await setUp(clock);
    await call('payments', 'POST', '/v1/accounts/acc-1/charges', held('h-1', { holdExpiresAt: '2024-05-02T00:00:00Z' }));
    set('2024-05-02T00:00:00Z');
    const captured = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/capture', { occurredAt: at });
    expect([captured.statusCode, errorShape(captured).code]).toEqual([409, 'charge_not_held']);
    const voided = await call('payments', 'POST', '/v1/accounts/acc-1/charges/h-1/void', { occurredAt: at, reason: 'x' });
    expect([voided.statusCode, errorShape(voided).code]).toEqual([409, 'charge_not_held']);
  });

  it('refuses holdExpiresAt without capture manual as invalid_request with the contract\'s field details, appending nothing', async () => {
    const { call } = await setUp();
    const eventsBefore = (await call('auditor', 'GET', '/v1/accounts/acc-1/events')).body;
    const refused = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { ...charge, chargeId: 'c-1', holdExpiresAt: '2024-05-03T00:00:00Z' });
    expect([refused.statusCode, errorShape(refused).code]).toEqual([400, 'invalid_request']);
    expect(refused.json()).toMatchObject({ error: { details: [{ field: 'body.holdExpiresAt', rule: 'only with "capture": "manual"' }] } });
    expect((await call('auditor', 'GET', '/v1/accounts/acc-1/events')).body).toBe(eventsBefore);
  });
});
