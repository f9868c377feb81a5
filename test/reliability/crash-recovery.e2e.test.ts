// Crash: the real server, under concurrent top-ups and charges on several accounts, is killed with
// SIGKILL at seeded moments and restarted on the same SQLite file. After each restart the checks
// of support/crash-checks.ts hold. Default: 6 kills; LEDGER_SOAK=1: 20 kills and longer loads.
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { type CheckCounts, checkAfterRestart } from './support/crash-checks.ts';
import { type Answered, crashAt, emptyLedger, sendCommand, startLoad } from './support/crash-load.ts';
import { apiKeysVariable, expectStatus, send } from './support/ledger-http.ts';
import { seededRandom } from './support/seeded-random.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

const soak = process.env.LEDGER_SOAK === '1';
const kills = soak ? 20 : 6;
const workers = 12;
const commandsPerWorkerMax = soak ? 400 : 300;
const killDelayMs = soak ? { min: 200, max: 2_500 } : { min: 150, max: 900 };
const olderReplaysPerRound = 40;
const seed = 0x5eed_c4a5;
const accountIds = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];

const files = temporaryDirectory('crash');
afterAll(files.remove);

const openAccounts = async (server: ServerProcess): Promise<void> => {
  for (const accountId of accountIds) {
    const steps: ReadonlyArray<readonly [string, unknown]> = [
      ['/v1/accounts', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: crashAt }],
      [`/v1/accounts/${accountId}/devices`, { deviceId: 'phone-1', occurredAt: crashAt }],
      [`/v1/accounts/${accountId}/devices/phone-1/verification`, { method: 'sms_otp', occurredAt: crashAt }],
    ];
    for (const [path, body] of steps) await expectStatus(send(server.url, 'payments', 'POST', path, body), (s) => s < 300, path);
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`crash recovery (${kills} SIGKILLs under load)`, () => {
  it('keeps every answered command, half-applies none, and balances and audits agree after each restart', async () => {
    const store = `sqlite:${files.nextPath()}`;
    const random = seededRandom(seed);
    const ledger = emptyLedger();
    const counts: CheckCounts = { answeredChecked: 0, unsettledSettled: 0, unsettledFoundApplied: 0, replays: 0 };
    let previousRound: ReadonlyArray<Answered> = [];
    let unsettledAtKills = 0;
    let server = await startServerProcess({ store, apiKeys: apiKeysVariable });
    // Whatever fails, no server outlives the test.
    onTestFinished(async () => {
      await server.kill('SIGKILL');
    });
    await openAccounts(server);
    for (let round = 0; round < kills; round += 1) {
      const answeredBefore = new Set(ledger.answered.keys());
      const generators = Array.from({ length: workers }, (_, index) => seededRandom(seed + round * 100 + index));
      const load = startLoad(server.url, generators, round, accountIds, ledger, commandsPerWorkerMax);
      await sleep(random.integer(killDelayMs.min, killDelayMs.max));
      const stopped = load.stop();
      const exit = await server.kill('SIGKILL');
      await stopped;
      expect(exit.signal).toBe('SIGKILL');
      unsettledAtKills += ledger.unsettled.size;
      server = await startServerProcess({ store, apiKeys: apiKeysVariable });
      const older = [...answeredBefore].filter(() => random.next() < olderReplaysPerRound / Math.max(1, answeredBefore.size));
      const replayed = [...previousRound, ...older.flatMap((id) => ledger.answered.get(id) ?? [])];
      await checkAfterRestart(server.url, accountIds, ledger, replayed, counts);
      expect(ledger.unsettled.size).toBe(0);
      previousRound = [...ledger.answered.values()].filter((answered) => !answeredBefore.has(answered.command.id));
    }
    // The last life ends cleanly, and one more command still works after it all.
    const last = { topUpId: 'after-all', amount: '1', source: 'bank', occurredAt: crashAt };
    await sendCommand(server.url, { id: 'after-all', kind: 'top-up', accountId: 'crash-a', amount: 1n, path: '/v1/accounts/crash-a/top-ups', body: last }, ledger);
    expect(ledger.answered.get('after-all')?.status).toBe(201);
    const exit = await server.kill('SIGTERM');
    expect(exit.code).toBe(0);
    const applied = [...ledger.answered.values()].filter((answered) => answered.status === 201).length;
    console.log(
      `crash: ${kills} SIGKILLs, ${ledger.requests} command requests, ${ledger.answered.size} commands answered ` +
        `(${applied} applied, ${ledger.answered.size - applied} declined), ${unsettledAtKills} in flight at the kills ` +
        `(${counts.unsettledFoundApplied} found applied, all settled by retry), ${counts.answeredChecked} answered-command checks, ` +
        `${counts.replays} idempotent replays`,
    );
    expect(applied).toBeGreaterThan(kills * 10);
    expect(unsettledAtKills).toBeGreaterThan(0);
  }, soak ? 900_000 : 120_000);
});
