// The read side's worker on EventStoreDB, over real gRPC against the test double of the server
// (test/support/eventstoredb-test-server/): the worker builds its read file from $all, and when the
// server stops and starts again its subscriptions are resumed from their checkpoints (not rebuilt
// from zero), so the events appended after the restart reach every projection and the balances
// equal a fresh fold of the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerProjectionNames, memoryLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import { type ReadModels, openReadModels } from '../../../adapters/app/read-models.ts';
import { openStoreAt } from '../../../adapters/event-store/open-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { type EventStore, expectAny } from '../../../domain/ports/event-store.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { charged, opened, toppedUp } from '../../projections/support/ledger-fixtures.ts';

const accounts = ['a', 'b'];
const asOf = instantFromEpochMs(Date.parse('2030-01-01T00:00:00Z'));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const answers = (models: Pick<ReadModels, 'balance'>) =>
  JSON.parse(JSON.stringify(accounts.map((account) => models.balance().balanceAt(account as AccountId, { asOf, knownAt: asOf }) ?? null)));

const reference = async (store: EventStore) => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store, persistence: built.persistence, projections: built.projections });
  runner.start();
  expect((await runner.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
  await runner.stop();
  return answers({ balance: () => built.balance });
};

const caughtUp = async (models: ReadModels, store: EventStore) => {
  const head = await store.headPosition();
  for (const name of ledgerProjectionNames) expect((await models.waitFor(name, head, 20_000)).kind).toBe('caught_up');
};

describe('the read side worker on EventStoreDB', () => {
  it('catches up from $all, and resumes from its checkpoints after the server restarts', async () => {
    const server = new EventStoreDbTestServer();
    await server.start();
    cleanups.push(() => server.stop());
    const opened_ = openStoreAt({ kind: 'eventstoredb', connectionString: server.connectionString });
    if (opened_.kind !== 'eventstoredb') throw new Error('an EventStoreDB store');
    const store = opened_.store;
    cleanups.push(() => store.close());
    for (const account of accounts) await store.append(`account-${account}`, [opened(account), toppedUp(account, 1, '500', `t-${account}-1`)], expectAny);

    const directory = mkdtempSync(join(tmpdir(), 'read-side-worker-esdb-'));
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    const lines: string[] = [];
    const models = await openReadModels(opened_, { mode: 'worker', readPath: join(directory, 'ledger.read.db') }, (line) => void lines.push(line));
    cleanups.push(() => models.stop());
    await caughtUp(models, store);
    expect(answers(models)).toEqual(await reference(store));

    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.start();
    for (const account of accounts) await store.append(`account-${account}`, [charged(account, 2, '120', `c-${account}-2`)], expectAny);
    models.appended();
    await caughtUp(models, store);
    expect(answers(models)).toEqual(await reference(store));
    expect(answers(models)).not.toEqual(JSON.parse(JSON.stringify(accounts.map(() => null))));
    // The worker saw the outage and resumed its subscriptions; it never exited, the file was never rebuilt.
    for (const name of ledgerProjectionNames) expect(lines.some((line) => line.startsWith(`projection ${name}: the store failed`))).toBe(true);
    expect(lines.filter((line) => line.includes('exited') || line.includes('rebuild'))).toEqual([]);
  });
});
