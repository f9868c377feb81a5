// Killing the read side at any moment loses nothing and counts nothing twice, as a property over
// seeded kill points: the runner over the read file dies just before the k-th commit (the batch
// rolled back, no clean stop, no snapshot at stop), during its bulk first build or its live
// batches, and a new runner on the same file catches up;
// every read model (balances, reimbursements' chains, fraud alerts, holds) then equals a fresh
// fold of the store in memory. In-process (the worker thread's own test kills a real worker).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LedgerProjections, ledgerProjectionNames, memoryLedgerProjections, sqliteLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import type { ProjectionPersistence } from '../../../projections/runner/projection.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { openReadStoreFile } from '../../../projections/sqlite/read-store-file.ts';

const day = sevenPayDay({ customers: 8, victims: 4, accountsPerAttackerPhone: 2 });
const asOf = instantFromEpochMs(Date.parse('2030-01-01T00:00:00Z'));
const directory = mkdtempSync(join(tmpdir(), 'killed-read-side-'));
let store: EventStore;

beforeAll(async () => {
  store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
  await runCommands(createCommandHandler(store), day.commands);
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

class Killed extends Error {}

// The read models as plain data, to compare a file's with memory's.
const readModelsOf = <Tx>(built: LedgerProjections<Tx>) => JSON.parse(JSON.stringify({
  balances: day.customers.map((account) => built.balance.balanceAt(account, { asOf, knownAt: asOf }) ?? null),
  chains: day.customers.map((account) => built.chains.chainOf(account) ?? null),
  alerts: built.alerts.since(undefined, 1000).map((alert) => alert.alertId).sort(),
  held: day.customers.map((account) => built.holds.heldBalance(account, 'JPY', asOf, asOf).amount.toString()),
}));

// from: the store as the runner sees it (a first life seeing an empty store at start takes every
// event in live batches of 16 instead of its bulk first build).
const catchUp = async <Tx>(built: LedgerProjections<Tx>, persistence: ProjectionPersistence<Tx>, from: EventStore = store) => {
  const runner = createProjectionRunner({ store: from, persistence, projections: built.projections, batchSizeMax: 16, onFailure: () => undefined });
  runner.start();
  const head = await store.headPosition();
  const outcomes = await Promise.all(ledgerProjectionNames.map((name) => runner.waitFor(name, head, 10_000)));
  await runner.stop();
  return outcomes.map((outcome) => outcome.kind);
};

describe('the read side killed at any commit', () => {
  it('resumes from the read file to the read models of a fresh fold', async () => {
    const memory = memoryLedgerProjections();
    expect(await catchUp(memory, memory.persistence)).toEqual(ledgerProjectionNames.map(() => 'caught_up'));
    const expected = readModelsOf(memory);
    expect(expected.alerts.length).toBeGreaterThan(0);
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.boolean(), async (killAt, bulk) => {
      run += 1;
      const path = join(directory, `read-${run}.db`);
      // The first life: every commit after the killAt-th rolls back, and the runner is dropped.
      const first = openReadStoreFile(path, () => undefined);
      const firstBuilt = sqliteLedgerProjections(first);
      let commits = 0;
      const dying: ProjectionPersistence<typeof first> = {
        ...firstBuilt.persistence,
        transaction: (work) => firstBuilt.persistence.transaction((tx) => {
          work(tx);
          commits += 1;
          if (commits > killAt) throw new Killed('killed before this commit');
        }),
      };
      await catchUp(firstBuilt, dying, bulk ? store : { ...store, headPosition: async () => 0n });
      first.close();
      // The second life, on the same file.
      const second = openReadStoreFile(path, () => undefined);
      const secondBuilt = sqliteLedgerProjections(second);
      expect(await catchUp(secondBuilt, secondBuilt.persistence)).toEqual(ledgerProjectionNames.map(() => 'caught_up'));
      expect(readModelsOf(secondBuilt)).toEqual(expected);
      second.close();
    }), { numRuns: 8, seed: 1212 });
  });
});
