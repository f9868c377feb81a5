// Four eyes from the CLI: under LEDGER_FOUR_EYES=incidents, `incident run` on a local store
// refuses; with --url it proposes through the server; `approvals list|approve` decide it there,
// never by the proposer's key. The server runs in this process; the CLI is a child process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';
import { oneLine, runCli, tempStore } from './cli-fixtures.ts';

const keys = { payments: 'payments-key-cli-0001', alice: 'finance-key-alice-001', bob: 'finance-key-bob-0001' };
const at = '2026-12-01T10:00:00+09:00';
const incident = ['incident', 'run', '--id', 'inc-cli', '--from', '2026-12-01T00:00:00+09:00', '--to', '2026-12-02T00:00:00+09:00', '--account-id', 'acc-1'];

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    env: { LEDGER_STORE: 'memory:', PORT: '0', LEDGER_FOUR_EYES: 'incidents', LEDGER_API_KEYS: `payments:${keys.payments},finance:alice:${keys.alice},finance:bob:${keys.bob}` },
    print: () => undefined,
    logger: false,
  });
  const post = (url: string, body: unknown) =>
    fetch(new URL(url, server.url), { method: 'POST', headers: { authorization: `Bearer ${keys.payments}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const [url, body] of [
    ['/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at }],
    ['/v1/accounts/acc-1/devices', { deviceId: 'phone-1', occurredAt: at }],
    ['/v1/accounts/acc-1/devices/phone-1/verification', { method: 'sms_otp', occurredAt: at }],
    ['/v1/accounts/acc-1/top-ups', { topUpId: 't-1', amount: '500', source: 'bank', occurredAt: at }],
    ['/v1/accounts/acc-1/charges', { chargeId: 'c-1', amount: '120', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at }],
  ] as const) expect((await post(url, body)).status).toBeLessThan(300);
});

afterAll(async () => server.stop());

describe('four eyes from the CLI', () => {
  it('refuses an incident run on a local store while four eyes guards incidents', async () => {
    const local = tempStore();
    try {
      const run = await runCli([...incident, '--store', local.store], { LEDGER_FOUR_EYES: 'incidents' });
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toMatch(/^wallet-ledger incident run: four eyes is on for incidents \(LEDGER_FOUR_EYES\): propose the run through the server with --url/);
    } finally {
      local.remove();
    }
  });

  it('proposes through the server; the proposer cannot approve; a second person can', async () => {
    const proposed = await runCli([...incident, '--url', server.url, '--format', 'json'], { LEDGER_API_KEY: keys.alice });
    expect(proposed.code, proposed.stderr).toBe(0);
    const proposal = JSON.parse(proposed.stdout);
    expect(proposal).toMatchObject({ action: 'incidents', status: 'awaiting_approval', proposedBy: 'finance:alice', charges: 1, total: { JPY: '120' } });
    const listed = await runCli(['approvals', 'list', '--url', server.url, '--status', 'awaiting_approval'], { LEDGER_API_KEY: keys.bob });
    expect(listed.stdout).toContain(proposal.approvalId);
    const own = await fetch(new URL(`/v1/approvals/${proposal.approvalId}/approve`, server.url), {
      method: 'POST', headers: { authorization: `Bearer ${keys.alice}`, 'content-type': 'application/json' }, body: JSON.stringify({ occurredAt: at }),
    });
    expect(own.status).toBe(403);
    const approved = await runCli(['approvals', 'approve', proposal.approvalId, '--url', server.url, '--reason', 'reviewed'], { LEDGER_API_KEY: keys.bob });
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ approvalId: proposal.approvalId, incidentId: 'inc-cli', charges: 1, dryRun: false });
  });
});
