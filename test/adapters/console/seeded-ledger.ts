// A real listening server on a fresh SQLite file with the console built from the current
// sources, and a small 7pay-like history written through the public API: two victims whose
// charges came from a thief's phone after a login from abroad, and a third account ("carol")
// one of whose charges was reversed singly, after the fact, so its corrected balance depends on
// knownAt; and "erin", whose charge is held (manual capture), not yet captured.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';

export const consoleKeys = {
  payments: 'pay-key-0001',
  auditor: 'aud-key-0001',
  finance: 'fin-key-0001',
  admin: 'adm-key-0001',
} as const;

export type SeededLedger = Readonly<{
  url: string;
  directory: string;
  consoleDirectory: string;
  call: (method: 'GET' | 'POST', path: string, key: string, body?: unknown, accept?: string) => Promise<Response>;
  stop: () => Promise<void>;
}>;

const viteConfig = resolve(import.meta.dirname, '../../../adapters/console/vite.config.ts');

// A second finance key, named: four eyes needs a key other than the proposer's to approve.
export const secondFinanceKey = 'fin-key-bea-0001';

// env: more server variables (e.g. a feature switched on), over the defaults below. builtConsole:
// a console another seeded ledger built already (one vite build per test file).
export const startSeededLedger = async (env: Readonly<Record<string, string>> = {}, builtConsole?: string): Promise<SeededLedger> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-console-'));
  const consoleDirectory = builtConsole ?? join(directory, 'console');
  if (builtConsole === undefined) await build({ configFile: viteConfig, logLevel: 'error', build: { outDir: consoleDirectory, emptyOutDir: true } });
  const keys = [...Object.entries(consoleKeys).map(([role, key]) => `${role}:${key}`), `finance:bea:${secondFinanceKey}`].join(',');
  let server: RunningServer;
  try {
    server = await startServer({
      env: { HOST: '127.0.0.1', PORT: '0', LEDGER_STORE: `sqlite:${join(directory, 'ledger.db')}`, LEDGER_API_KEYS: keys, ...env },
      print: () => undefined,
      logger: false,
      consoleDirectory,
    });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const call: SeededLedger['call'] = (method, path, key, body, accept) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, accept: accept ?? 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const stop = async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  };
  return { url: server.url, directory, consoleDirectory, call, stop };
};

const day = '2019-07-03';
export const incidentWindow = { from: `${day}T00:00:00+09:00`, to: `${day}T23:59:59+09:00` } as const;

const writer = ({ call }: SeededLedger) => {
  const pay = async (path: string, body: Record<string, unknown>, key: string = consoleKeys.payments) => {
    const response = await call('POST', path, key, body);
    if (response.status >= 300) throw new Error(`seeding ${path}: ${response.status} ${await response.text()}`);
  };
  const device = async (accountId: string, deviceId: string, hour: string) => {
    await pay(`/v1/accounts/${accountId}/devices`, { deviceId, occurredAt: `${day}T${hour}:00:00+09:00` });
    await pay(`/v1/accounts/${accountId}/devices/${deviceId}/verification`, { method: 'sms_otp', occurredAt: `${day}T${hour}:01:00+09:00` });
  };
  return { pay, device };
};

// A successful login from abroad on a new device, then that device registered: an alert of the
// foreign-login-new-device rule.
export const seedForeignLogin = async (ledger: SeededLedger, accountId: string): Promise<void> => {
  const { pay, device } = writer(ledger);
  await pay(`/v1/accounts/${accountId}/logins`, { loginId: `${accountId}-abroad`, deviceId: `${accountId}-stranger`, ipAddress: '198.51.100.7', country: 'VN', outcome: 'succeeded', occurredAt: `${day}T20:00:00+09:00` });
  await device(accountId, `${accountId}-stranger`, '20');
};

export const seedHistory = async (ledger: SeededLedger): Promise<void> => {
  const { pay, device } = writer(ledger);
  for (const accountId of ['alice', 'bob', 'carol']) {
    await pay('/v1/accounts', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: `${day}T08:00:00+09:00` });
    await device(accountId, `${accountId}-phone`, '08');
    await pay(`/v1/accounts/${accountId}/top-ups`, { topUpId: `${accountId}-top-up`, amount: '30000', source: 'bank', occurredAt: `${day}T09:00:00+09:00` });
    await pay(`/v1/accounts/${accountId}/charges`, { chargeId: `${accountId}-coffee`, amount: '500', merchantId: 'seven-cafe', storeId: 'tokyo-001', deviceId: `${accountId}-phone`, occurredAt: `${day}T10:00:00+09:00` });
  }
  for (const accountId of ['alice', 'bob']) {
    await pay(`/v1/accounts/${accountId}/logins`, { loginId: `${accountId}-abroad`, deviceId: 'thief-phone', ipAddress: '203.0.113.9', country: 'CN', outcome: 'succeeded', occurredAt: `${day}T11:00:00+09:00` });
    await device(accountId, 'thief-phone', '11');
    await pay(`/v1/accounts/${accountId}/charges`, { chargeId: `${accountId}-stolen`, amount: accountId === 'alice' ? '20000' : '9000', merchantId: 'seven-cafe', storeId: 'tokyo-002', deviceId: 'thief-phone', occurredAt: `${day}T12:00:00+09:00` });
  }
  // erin: a manual-capture charge, held open (v1.1 holds).
  await pay('/v1/accounts', { accountId: 'erin', currency: 'JPY', homeCountry: 'JP', occurredAt: `${day}T08:00:00+09:00` });
  await device('erin', 'erin-phone', '08');
  await pay('/v1/accounts/erin/top-ups', { topUpId: 'erin-top-up', amount: '10000', source: 'bank', occurredAt: `${day}T09:00:00+09:00` });
  await pay('/v1/accounts/erin/charges', { chargeId: 'erin-hotel', amount: '2500', merchantId: 'hotel', storeId: 'kyoto-1', deviceId: 'erin-phone', occurredAt: `${day}T10:00:00+09:00`, capture: 'manual' });
  await pay('/v1/accounts/carol/charges', { chargeId: 'carol-disputed', amount: '7000', merchantId: 'online-shop', storeId: 'web', deviceId: 'carol-phone', occurredAt: `${day}T13:00:00+09:00` });
  await pay('/v1/accounts/carol/charges/carol-disputed/reversal', { reason: 'disputed', occurredAt: `${day}T18:00:00+09:00` }, consoleKeys.finance);
};
