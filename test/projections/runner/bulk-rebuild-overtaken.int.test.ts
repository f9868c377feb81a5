// A bulk rebuild leaves the checkpoint at zero until its end, while another process on the same
// file may go on projecting (a server beside an operator's rebuild) or start a rebuild of its own.
// The pass must then stop, never finish over rows it no longer owns: the index would claim to be
// caught up while missing events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { BulkRebuildOvertakenError, rebuildInBulk } from '../../../projections/runner/bulk-rebuild.ts';
import type { ProjectionPersistence } from '../../../projections/runner/projection.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { historyOf, stepArbitrary } from '../support/random-history.ts';
import { balanceRowsOf, insertEventRows } from '../support/balance-rows.ts';

const parameters = { leafPointsMax: 2, chunkPointsMax: 3 };
const events = historyOf(fc.sample(stepArbitrary, { numRuns: 40, seed: 31 }));



// After the pass's `after`-th transaction, runs `meanwhile` (another process's work, on its own connection).
const interleaved = <Tx>(persistence: ProjectionPersistence<Tx>, after: number, meanwhile: () => void): ProjectionPersistence<Tx> => {
  let transactions = 0;
  return {
    ...persistence,
    transaction: (work) => {
      persistence.transaction(work);
      transactions += 1;
      if (transactions === after) meanwhile();
    },
  };
};

describe('a bulk rebuild beside another process on the same file', () => {
  let directory: string;
  let stores: SqliteEventStore[];
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-bulk-overtaken-'));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  // Two connections to one file, as two processes have.
  const twoProcesses = () => {
    const path = join(directory, 'ledger.db');
    const first = openSqliteEventStore({ path });
    stores.push(first);
    insertEventRows(first, events);
    const second = openSqliteEventStore({ path });
    stores.push(second);
    const side = (store: SqliteEventStore) => ({
      store,
      index: createSqliteBalanceIndex(store.database, parameters),
      persistence: createSqliteProjectionPersistence(store.database),
    });
    return { rebuilder: side(first), server: side(second) };
  };

  it.each([
    ['between two reads', 2],
    ['between the last read and the finish', 3],
  ])("stops when the other process's live batch lands %s, and the other's restart from zero stands", async (_, after) => {
    const { rebuilder, server } = twoProcesses();
    const firstBatch = events.slice(0, 10);
    const liveBatch = () => server.persistence.transaction((tx) => {
      server.index.projection.applyBatch(tx, firstBatch.filter((event) => server.index.projection.eventTypes.includes(event.type)));
      server.persistence.saveCheckpoint(tx, 'balance', firstBatch.at(-1)?.position ?? 0n);
    });
    const bulk = rebuilder.index.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    // Transactions: 1 reset + begin, then one per read of at most batchEventsMax events, then finish.
    const batchEventsMax = Math.ceil(events.length / 2);
    const pass = rebuildInBulk(rebuilder.store, interleaved(rebuilder.persistence, after, liveBatch), rebuilder.index.projection, bulk, batchEventsMax);
    await expect(pass).rejects.toBeInstanceOf(BulkRebuildOvertakenError);
    // The file holds exactly what the other process projected: its first batch, from zero.
    const referenceDatabase = openReference();
    const reference = createSqliteBalanceIndex(referenceDatabase, parameters);
    createSqliteProjectionPersistence(referenceDatabase).transaction((tx) =>
      reference.projection.applyBatch(tx, firstBatch.filter((event) => reference.projection.eventTypes.includes(event.type))));
    expect(balanceRowsOf(server.store.database)).toEqual(balanceRowsOf(referenceDatabase));
    expect(server.persistence.loadCheckpoint('balance')).toBe(firstBatch.at(-1)?.position);
  });

  it('stops the first of two bulk passes when a second one starts, and the second builds the index alone', async () => {
    const { rebuilder, server } = twoProcesses();
    const first = rebuilder.index.projection.bulkRebuild;
    const second = server.index.projection.bulkRebuild;
    if (first === undefined || second === undefined) throw new Error('no bulk path');
    let secondPass: Promise<bigint> | undefined;
    const pass = rebuildInBulk(rebuilder.store, interleaved(rebuilder.persistence, 1, () => {
      secondPass = rebuildInBulk(server.store, server.persistence, server.index.projection, second);
    }), rebuilder.index.projection, first, Math.ceil(events.length / 2));
    await expect(pass).rejects.toThrow('another bulk rebuild of the index started during this one');
    expect(await secondPass).toBe(events.at(-1)?.position);
    // The same rows as a quiet rebuild on a copy of the events.
    const quiet = openSqliteEventStore({ path: join(directory, 'quiet.db') });
    stores.push(quiet);
    insertEventRows(quiet, events);
    const index = createSqliteBalanceIndex(quiet.database, parameters);
    const bulk = index.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    await rebuildInBulk(quiet, createSqliteProjectionPersistence(quiet.database), index.projection, bulk);
    expect(balanceRowsOf(server.store.database)).toEqual(balanceRowsOf(quiet.database));
  });

  it('refuses a second rebuild of the same projection in one runner while the first one runs', async () => {
    const { rebuilder } = twoProcesses();
    const runner = createProjectionRunner({
      store: rebuilder.store, persistence: rebuilder.persistence, projections: [rebuilder.index.projection], onFailure: () => undefined,
    });
    const [first, second] = await Promise.all([runner.rebuild('balance', 10_000), runner.rebuild('balance', 10_000)]);
    await runner.stop();
    expect(first).toEqual({ kind: 'caught_up', checkpoint: events.at(-1)?.position });
    expect(second).toEqual({ kind: 'failed', error: 'a rebuild of balance is already under way' });
  });

  let references = 0;
  const openReference = (): Database => {
    references += 1;
    const store = openSqliteEventStore({ path: join(directory, `reference-${references}.db`) });
    stores.push(store);
    return store.database;
  };
});
