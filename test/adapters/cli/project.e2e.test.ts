// `wallet-ledger project` as its own process beside a server started with LEDGER_READ_SIDE=external:
// the process builds the read file, the server only reads it (ready once caught up, reimbursements
// from the file), a top-up is read back with waitFor through the polled checkpoints, and SIGTERM
// stops the process cleanly.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';
import { type TempStore, seedSevenPayDay, tempStore } from './cli-fixtures.ts';

const bin = resolve(import.meta.dirname, '../../../bin/wallet-ledger.js');
let temp: TempStore;
let server: RunningServer | undefined;

beforeEach(() => { temp = tempStore(); });
afterEach(async () => {
  await server?.stop();
  temp.remove();
});

const waitUntil = async (check: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 600; i += 1) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error('not reached within 30 s');
};

describe('wallet-ledger project', () => {
  it('runs the read side for a server that only reads', async () => {
    const day = await seedSevenPayDay(temp.path, { runIncident: true });
    const child = spawn(process.execPath, [bin, 'project'], { env: { ...process.env, LEDGER_STORE: temp.store }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const exited = new Promise<number | null>((done) => child.once('close', done));
    server = await startServer({
      env: { LEDGER_STORE: temp.store, LEDGER_READ_SIDE: 'external', PORT: '0', LEDGER_API_KEYS: 'admin:admin-key-00000001' },
      print: () => undefined, logger: false,
    });
    const call = (method: string, url: string, body?: unknown) => fetch(`${server?.url}${url}`, {
      method, headers: { authorization: 'Bearer admin-key-00000001', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await waitUntil(async () => (await call('GET', '/ready')).status === 200);
    const report = JSON.parse(await (await call('GET', `/v1/incidents/${day.incident.incidentId}/reimbursements`)).text());
    expect(report.total).toEqual(expect.objectContaining({ JPY: expect.stringMatching(/^[1-9][0-9]*$/) }));
    const topUp = await call('POST', '/v1/accounts/customer-001/top-ups', { topUpId: 'project-1', amount: '7', source: 'bank', occurredAt: '2019-07-06T00:00:00.000Z' });
    expect(topUp.status).toBe(201);
    const { position } = JSON.parse(await topUp.text());
    const balance = await call('GET', `/v1/accounts/customer-001/balance?waitFor=${position}`);
    expect(balance.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped');
  });
});
