// The incident flow through a real listening server on a real SQLite file, with the real read
// side: a 7pay day is seeded, finance runs the incident, reads the reimbursements (JSON and CSV)
// from the projection, re-runs it, and cannot re-use its id for another incident.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-incident-flow-'));
const path = join(directory, 'ledger.db');
const day = sevenPayDay();
let server: RunningServer;

const call = async (method: string, url: string, body?: unknown, accept = 'application/json') => {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: 'Bearer finance-key-0001', accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
};

beforeAll(async () => {
  const store = openSqliteEventStore({ path, clock: { now: () => new Date('2019-07-05T00:00:00.000Z') } });
  await runCommands(createCommandHandler(store), day.commands);
  await store.close();
  server = await startServer({
    env: { LEDGER_STORE: `sqlite:${path}`, PORT: '0', LEDGER_API_KEYS: 'finance:finance-key-0001' },
    print: () => undefined,
    logger: false,
  });
});

afterAll(async () => {
  await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('an incident over HTTP', () => {
  const fraudYen = day.fraudulentCharges
    .filter((charge) => charge.chargeId !== day.reversedBeforeIncident.chargeId)
    .reduce((sum, charge) => sum + charge.amount, 0);

  it('is unknown before it is run', async () => {
    expect((await call('GET', `/v1/incidents/${day.incident.incidentId}/reimbursements`)).status).toBe(404);
  });

  it('lists the selected charges on a dry run for review, sorted, and refuses a cursor it did not write', async () => {
    const dry = await call('POST', '/v1/incidents', { ...day.incident, dryRun: true });
    expect(dry.status).toBe(200);
    const answer = JSON.parse(dry.text);
    expect(answer.selected).toHaveLength(answer.charges);
    expect(answer.selectedNext).toBeNull();
    const keys = answer.selected.map((row: { accountId: string; occurredAt: string }) => `${row.accountId} ${row.occurredAt}`);
    expect(keys).toEqual([...keys].sort());
    expect(answer.selected.reduce((sum: number, row: { amount: string }) => sum + Number(row.amount), 0)).toBe(Number(answer.total.JPY));
    expect(Object.keys(answer.selected[0]).sort()).toEqual(['accountId', 'amount', 'chargeId', 'currency', 'deviceId', 'occurredAt']);
    const badCursor = await call('POST', '/v1/incidents', { ...day.incident, dryRun: true, after: 'nonsense' });
    expect(badCursor.status).toBe(400);
    const cursorOnRun = await call('POST', '/v1/incidents', { ...day.incident, after: answer.selectedNext ?? 'x' });
    expect(cursorOnRun.status).toBe(400);
  });

  it('runs, reimburses to the yen from the projection, re-runs identically, and refuses its id for another body', async () => {
    const run = await call('POST', '/v1/incidents', day.incident);
    expect(run.status).toBe(201);
    const answered = JSON.parse(run.text);
    expect(answered.total).toEqual({ JPY: String(fraudYen) });

    const report = JSON.parse((await call('GET', `/v1/incidents/${day.incident.incidentId}/reimbursements`)).text);
    expect(report.total).toEqual({ JPY: String(fraudYen) });
    expect(report.rows.map((row: { accountId: string }) => row.accountId)).toEqual([...day.victims].sort());
    expect(report.rows.reduce((sum: number, row: { charges: number }) => sum + row.charges, 0)).toBe(answered.charges);

    const csv = await call('GET', `/v1/incidents/${day.incident.incidentId}/reimbursements`, undefined, 'text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('accountId,currency,charges,amount');
    expect(lines).toHaveLength(report.rows.length + 1);

    const rerun = await call('POST', '/v1/incidents', day.incident);
    expect(rerun.status).toBe(201);
    expect(JSON.parse(rerun.text)).toEqual(answered);

    const reused = await call('POST', '/v1/incidents', { ...day.incident, description: 'another incident' });
    expect(reused.status).toBe(409);
    expect(JSON.parse(reused.text).error.code).toBe('idempotency_conflict');
  });

  it('is the same incident when sent again later without occurredAt, lists as sets, false as absent', async () => {
    const { occurredAt: _explicit, ...withoutTime } = day.incident;
    const incident = { ...withoutTime, incidentId: 'incident-no-time', criteria: { countries: ['CN', 'HK'] } };
    const first = await call('POST', '/v1/incidents', incident);
    expect(first.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const same = { ...incident, criteria: { countries: ['HK', 'CN'], devicesRegisteredInWindow: false }, dryRun: false };
    const again = await call('POST', '/v1/incidents', same);
    expect(again.status).toBe(201);
    expect(JSON.parse(again.text)).toEqual(JSON.parse(first.text));
    const otherTime = await call('POST', '/v1/incidents', { ...incident, occurredAt: '2019-07-10T00:00:00+09:00' });
    expect(otherTime.status).toBe(409);
    expect(JSON.parse(otherTime.text).error.code).toBe('idempotency_conflict');
  });
});
