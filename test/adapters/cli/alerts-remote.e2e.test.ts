// `alerts --url`: the CLI reads a running ledger's alerts through GET /v1/fraud/alerts over a real
// socket (key in LEDGER_API_KEY), passing since and limit, and refuses a refusal with its code.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { remoteAlerts } from '../../../adapters/cli/alerts-remote.ts';
import type { AlertView } from '../../../adapters/http/app-deps.ts';
import { literal } from '../../../adapters/incidents/scenario-ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { type TestApp, keys, testApp } from '../http/http-fixtures.ts';
import { listeningBase } from '../../support/listening-base.ts';

const alert = (alertId: string, occurredAt: string): AlertView =>
  ({ alertId, accountId: 'acc-1', rule: 'velocity', occurredAt, details: { windowMs: 600_000, count: 6, total: { amount: '190000', currency: 'JPY' }, charges: [], triggeredAt: '7' } });
const journal = [alert('velocity:7:acc-1', '2024-05-01T01:00:00.000Z'), alert('velocity:9:acc-1', '2024-05-01T02:00:00.000Z')];

let served: TestApp;
let base: string;
const asked: Array<readonly [string, number]> = [];
const keyBefore = process.env.LEDGER_API_KEY;

beforeAll(async () => {
  served = await testApp({
    alerts: {
      since: async (since, limit) => {
        asked.push([since, limit]);
        return journal.filter((found) => found.occurredAt >= since).slice(0, limit);
      },
    },
  });
  base = await listeningBase(served.app);
});
afterEach(() => {
  if (keyBefore === undefined) delete process.env.LEDGER_API_KEY;
  else process.env.LEDGER_API_KEY = keyBefore;
});
afterAll(async () => served.app.close());

describe('wallet-ledger alerts --url', () => {
  it('answers the server\'s journal, with since and limit passed through', async () => {
    process.env.LEDGER_API_KEY = keys.auditor;
    expect(await remoteAlerts(base, undefined, 1000)).toEqual(journal);
    const since = literal(InstantCodec, '2024-05-01T01:30:00.000Z');
    expect(await remoteAlerts(base, since, 5)).toEqual([journal[1]]);
    expect(asked.at(-1)).toEqual([since, 5]);
  });

  it('fails with the server\'s refusal when the key may not read alerts', async () => {
    process.env.LEDGER_API_KEY = keys.payments;
    await expect(remoteAlerts(base, undefined, 10)).rejects.toThrow(/HTTP 403/);
  });
});
