// The read side in its worker thread, on a real SQLite store and read file: the API reads what
// the worker built (read-your-writes through its progress messages), the event store's file holds
// no projection table, and a worker killed while it catches up (terminate: mid-batch, at any
// instruction) is started again and resumes from its checkpoints without counting anything twice:
// the final read models equal a fresh fold of the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { type EventStore, expectAny } from '../../../domain/ports/event-store.ts';
import { type OpenedStore, openStoreAt } from '../../../adapters/event-store/open-event-store.ts';
import { memoryLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import { type ReadModels, openReadModels } from '../../../adapters/app/read-models.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { charged, opened, toppedUp } from '../../projections/support/ledger-fixtures.ts';

const accounts = ['a', 'b', 'c'];
const instants = ['2024-05-01T00:30:00Z', '2024-05-02T00:00:00Z', '2030-01-01T00:00:00Z'].map((iso) => instantFromEpochMs(Date.parse(iso)));
const questions = instants.flatMap((asOf) => instants.map((knownAt) => ({ asOf, knownAt })));

let directory: string;
let store: OpenedStore;
let models: ReadModels | undefined;
const lines: string[] = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'read-side-worker-'));
  store = openStoreAt({ kind: 'sqlite', path: join(directory, 'ledger.db') });
});
afterEach(async () => {
  await models?.stop();
  models = undefined;
  await store.store.close();
  rmSync(directory, { recursive: true, force: true });
});

const answers = (balance: ReadModels['balance']) =>
  JSON.parse(JSON.stringify(accounts.map((account) => questions.map((query) => balance().balanceAt(account as AccountId, query) ?? null))));

const referenceAnswers = async (events: EventStore) => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store: events, persistence: built.persistence, projections: built.projections });
  runner.start();
  expect((await runner.waitFor('balance', await events.headPosition(), 30_000)).kind).toBe('caught_up');
  await runner.stop();
  return answers(() => built.balance);
};

// A seeded history: per account an opening, then top-ups and smaller charges, in batches.
const appendHistory = async (events: EventStore, seed: number, batches: number): Promise<void> => {
  const amounts = fc.sample(fc.integer({ min: 1, max: 50 }), { seed, numRuns: batches * accounts.length });
  for (const account of accounts) if ((await events.readStream(`account-${account}`, { limit: 1 })).length === 0) {
    await events.append(`account-${account}`, [opened(account)], expectAny);
  }
  for (let batch = 0; batch < batches; batch += 1) {
    for (const [i, account] of accounts.entries()) {
      const amount = amounts[batch * accounts.length + i] ?? 1;
      const minute = seed * 10_000 + batch;
      await events.append(`account-${account}`, [
        ...Array.from({ length: 20 }, (_, k) => toppedUp(account, minute, String(amount * 2), `t-${seed}-${batch}-${k}`)),
        charged(account, minute, String(amount), `c-${seed}-${batch}`),
      ], expectAny);
    }
  }
};

describe('the read side in a worker thread', () => {
  it('serves reads from its own file and resumes without double counting after being killed mid-catch-up', async () => {
    await appendHistory(store.store, 1, 60);
    models = await openReadModels(store, { mode: 'worker', readPath: join(directory, 'ledger.read.db') }, (line) => void lines.push(line));
    // Killed while it builds or catches up (whatever it is doing), then more events arrive.
    await new Promise((resolve) => setTimeout(resolve, 150));
    await models.worker()?.terminate();
    await appendHistory(store.store, 2, 30);
    models.appended();
    const head = await store.store.headPosition();
    expect((await models.waitFor('balance', head, 30_000)).kind).toBe('caught_up');
    // And once more, once caught up, while live events arrive.
    await models.worker()?.terminate();
    await appendHistory(store.store, 3, 5);
    const later = await store.store.headPosition();
    expect((await models.waitFor('balance', later, 30_000)).kind).toBe('caught_up');
    expect((await models.waitFor('reimbursements', later, 30_000)).kind).toBe('caught_up');
    expect(answers(models.balance)).toEqual(await referenceAnswers(store.store));
    expect(lines.filter((line) => line.includes('exited'))).toHaveLength(2);
    if (store.kind !== 'sqlite') throw new Error('a sqlite store');
    expect(store.database.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'projection_%'").all()).toEqual([]);
  });
});
