// The memory bench's HTTP side: a small client for the server child process, opening accounts
// like the seed's, waiting for the read side, and the workload whose memory is measured.
import { seedAccountId } from './memory-seed.ts';

export type BenchClient = Readonly<{ url: string; keys: Readonly<{ payments: string; auditor: string }> }>;

export const workload = { balances: 300, historyPages: 50, audits: 5, commands: 20 };

export const request = async (client: BenchClient, method: 'GET' | 'POST', path: string, body?: unknown) => {
  const key = method === 'GET' && !path.endsWith('/balance') ? client.keys.auditor : client.keys.payments;
  const response = await fetch(`${client.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, text };
};

const expectOk = async (client: BenchClient, method: 'GET' | 'POST', path: string, body?: unknown): Promise<string> => {
  const { status, text } = await request(client, method, path, body);
  if (status >= 300) throw new Error(`${method} ${path}: ${status} ${text.slice(0, 300)}`);
  return text;
};

const at = '2024-06-01T00:00:00Z';

export const openAccounts = async (client: BenchClient, count: number): Promise<void> => {
  for (let index = 0; index < count; index += 1) {
    const accountId = seedAccountId(index);
    await expectOk(client, 'POST', '/v1/accounts', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: at });
    await expectOk(client, 'POST', `/v1/accounts/${accountId}/devices`, { deviceId: `phone-${index}`, occurredAt: at });
    await expectOk(client, 'POST', `/v1/accounts/${accountId}/devices/phone-${index}/verification`, { method: 'sms_otp', occurredAt: at });
    await expectOk(client, 'POST', `/v1/accounts/${accountId}/top-ups`, { topUpId: 'opening', amount: '100000', source: 'bench', occurredAt: at });
  }
};

// Polls a read-your-writes read until the read side has reached `position` (each call waits 5 s).
export const waitForReadSide = async (client: BenchClient, position: string, timeoutMs: number): Promise<number> => {
  const started = performance.now();
  for (const path of [`/v1/accounts/${seedAccountId(0)}/balance?waitFor=${position}`, `/v1/fraud/alerts?limit=1&waitFor=${position}`]) {
    for (;;) {
      const { status, text } = await request(client, 'GET', path);
      if (status === 200) break;
      if (status !== 503 || performance.now() - started > timeoutMs) throw new Error(`catch-up: ${status} ${text.slice(0, 300)}`);
    }
  }
  return (performance.now() - started) / 1000;
};

export const runWorkload = async (client: BenchClient, accountsOpen: number, runId: string): Promise<void> => {
  const account = (index: number) => seedAccountId((index * 7919) % accountsOpen);
  for (let index = 0; index < workload.balances; index += 1) await expectOk(client, 'GET', `/v1/accounts/${account(index)}/balance`);
  for (let index = 0; index < workload.historyPages; index += 1) await expectOk(client, 'GET', `/v1/accounts/${account(index)}/events?limit=1000`);
  for (let index = 0; index < workload.audits; index += 1) await expectOk(client, 'GET', `/v1/accounts/${account(index)}/audit`);
  for (let index = 0; index < workload.commands; index += 1) {
    const accountId = account(index);
    await expectOk(client, 'POST', `/v1/accounts/${accountId}/top-ups`, { topUpId: `bench-${runId}-${index}`, amount: '1000', source: 'bench', occurredAt: at });
    const deviceId = `phone-${(index * 7919) % accountsOpen}`;
    await expectOk(client, 'POST', `/v1/accounts/${accountId}/charges`, {
      chargeId: `bench-${runId}-${index}`, amount: '300', merchantId: 'm-1', storeId: 's-1', deviceId, occurredAt: at,
    });
  }
};

// The store's last position: the answer to one small charge (the API has no head route). A charge,
// not a top-up: the fraud detector's checkpoint only moves on the event types it reads, so a wait
// for a top-up's position would never end (reported: alert-driver.ts stops at the last charge).
export const headPosition = async (client: BenchClient): Promise<string> => {
  const probe = await request(client, 'POST', `/v1/accounts/${seedAccountId(0)}/charges`, {
    chargeId: `bench-head-${Date.now().toString(36)}`, amount: '1', merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-0', occurredAt: at,
  });
  const position: unknown = JSON.parse(probe.text).position;
  if (probe.status !== 201 || typeof position !== 'string') throw new Error(`head probe: ${probe.status} ${probe.text.slice(0, 200)}`);
  return position;
};
