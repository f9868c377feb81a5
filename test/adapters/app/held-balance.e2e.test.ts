// The balance of the real read side (the server on the memory store, fastify inject) with holds:
// heldBalance and availableBalance beside the ledger balance, bitemporal like it.
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';

const keys = 'payments:payments-key-0001,auditor:auditor-key-0001';
const at = (time: string) => `2024-05-01T${time}+09:00`;
let running: RunningServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const client = (server: RunningServer) => async (method: 'GET' | 'POST', url: string, body?: unknown) => {
  const response = await server.app.inject({
    method,
    url,
    headers: { authorization: 'Bearer payments-key-0001', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const parsed: unknown = response.json();
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
};

describe('held and available balance', () => {
  it('counts an open hold as held until its capture, as of and as known at any time; held + available = ledger', async () => {
    running = await startServer({ env: { LEDGER_STORE: 'memory:', PORT: '0', LEDGER_API_KEYS: keys }, print: () => undefined, logger: false });
    const call = client(running);
    await call('POST', '/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at('09:00:00') });
    await call('POST', '/v1/accounts/acc-1/devices', { deviceId: 'phone-1', occurredAt: at('09:00:00') });
    await call('POST', '/v1/accounts/acc-1/devices/phone-1/verification', { method: 'sms_otp', occurredAt: at('09:00:00') });
    await call('POST', '/v1/accounts/acc-1/top-ups', { topUpId: 't-1', amount: '1000', source: 'bank', occurredAt: at('09:00:00') });
    const charge = { chargeId: 'h-1', amount: '600', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at('10:00:00'), capture: 'manual' };
    await call('POST', '/v1/accounts/acc-1/charges', charge);
    const captured = await call('POST', '/v1/accounts/acc-1/charges/h-1/capture', { occurredAt: at('11:00:00'), amount: '500' });
    const beforeCapture = new Date(Date.parse(String(captured.recordedAt)) - 1).toISOString();
    const balance = async (asOf: string, knownAt?: string) => {
      const query = new URLSearchParams({ asOf, ...(knownAt === undefined ? {} : { knownAt }) });
      const { ledgerBalance, heldBalance, availableBalance } = await call('GET', `/v1/accounts/acc-1/balance?${query}`);
      return [ledgerBalance, heldBalance, availableBalance];
    };
    expect(await balance(at('09:30:00'))).toEqual(['1000', '0', '1000']);
    expect(await balance(at('10:30:00'))).toEqual(['1000', '600', '400']);
    expect(await balance(at('11:30:00'))).toEqual(['500', '0', '500']);
    // As known just before the capture was recorded: still held.
    expect(await balance(at('11:30:00'), beforeCapture)).toEqual(['1000', '600', '400']);
  });
});
