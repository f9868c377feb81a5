// The bulk rebuild of the SQLite balance index over the SQLite store of its own database reads the
// events table itself (sqlite-balance-rows.ts), not StoredEvents through the port: it must write
// exactly the rows of the incremental build, and refuse exactly what the incremental build refuses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { BalanceIndexParameters } from '../../../projections/balance/balance-index.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { rebuildInBulk } from '../../../projections/runner/bulk-rebuild.ts';
import type { Projection } from '../../../projections/runner/projection.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { batchesOf, historyOf, instantAt, stepArbitrary } from '../support/random-history.ts';
import { balanceRowsOf, insertEventRows } from '../support/balance-rows.ts';


const incrementalRows = (events: ReadonlyArray<StoredEvent>, parameters: BalanceIndexParameters) => {
  const database = new Database(':memory:');
  try {
    const persistence = createSqliteProjectionPersistence(database);
    const index = createSqliteBalanceIndex(database, parameters);
    const balanceOnly = events.filter((event) => index.projection.eventTypes.includes(event.type));
    for (const batch of batchesOf(balanceOnly, [7])) persistence.transaction((tx) => index.projection.applyBatch(tx, batch));
    return balanceRowsOf(database);
  } finally {
    database.close();
  }
};

// Other types between the balance events (skipped by the source; the checkpoint still passes them).
const withNoise = (events: ReadonlyArray<StoredEvent>, noiseEvery: number): StoredEvent[] => {
  const all: StoredEvent[] = [];
  events.forEach((event, index) => {
    if (index % noiseEvery === 0) {
      const occurredAt = instantAt(index % 40);
      all.push({ ...event, streamId: 'noise', revision: all.length, type: 'LoginRecorded', data: { accountId: 'acc-a', occurredAt } });
    }
    all.push(event);
  });
  return all.map((event, index) => ({ ...event, position: BigInt(index + 1) }));
};


describe('bulk rebuild of the sqlite balance index from its own events table', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-balance-bulk-source-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  let files = 0;
  const withStore = async <T>(work: (store: SqliteEventStore) => Promise<T>): Promise<T> => {
    files += 1;
    const store = openSqliteEventStore({ path: join(directory, `ledger-${files}.db`) });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };

  // The index's projection with its port path disabled: only the events-table source can feed it.
  const sourceOnly = (store: SqliteEventStore, parameters: BalanceIndexParameters, pageRowsMax: number) => {
    const index = createSqliteBalanceIndex(store.database, parameters, 'balance', pageRowsMax);
    const bulk = index.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('the SQLite balance index offers no bulk rebuild');
    const fedThroughPort = () => {
      throw new Error('the bulk rebuild was fed StoredEvents through the port');
    };
    const projection: Projection<Database.Database> = { ...index.projection, bulkRebuild: { ...bulk, applyBatch: fedThroughPort } };
    return { projection, bulk: { ...bulk, applyBatch: fedThroughPort } };
  };

  it('writes exactly the rows of the incremental build, over random histories, batch and page sizes', async () => {
    const parameters = { leafPointsMax: 2, chunkPointsMax: 3 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 9 }),
        async (steps, noiseEvery, batchEventsMax, pageRowsMax) => {
          const events = withNoise(historyOf(steps), noiseEvery);
          const expected = incrementalRows(events, parameters);
          await withStore(async (store) => {
            insertEventRows(store, events);
            const persistence = createSqliteProjectionPersistence(store.database);
            const { projection, bulk } = sourceOnly(store, parameters, pageRowsMax);
            const after = await rebuildInBulk(store, persistence, projection, bulk, batchEventsMax);
            expect(after).toBe(BigInt(events.length));
            expect(persistence.loadCheckpoint('balance')).toBe(BigInt(events.length));
            expect(balanceRowsOf(store.database)).toEqual(expected);
          });
        },
      ),
      { seed: 20261122, numRuns: 40 },
    );
  });

  const history = () => withNoise(historyOf(fc.sample(stepArbitrary, { numRuns: 30, seed: 11 })), 4);
  const rebuildOf = async (store: SqliteEventStore) => {
    const { projection, bulk } = sourceOnly(store, { leafPointsMax: 2, chunkPointsMax: 3 }, 4);
    return rebuildInBulk(store, createSqliteProjectionPersistence(store.database), projection, bulk, 10);
  };
  const isCharge = (event: StoredEvent) => event.type === 'WalletCharged';

  it('accepts what the codecs accept in another spelling (an offset instant, trailing zeros) to the same rows', async () => {
    const respelled = (amount: unknown) => ({ amount: `${String(Object(amount).amount)}0`, currency: 'USD' });
    const events = history().map((event) => {
      if (event.type === 'AccountOpened' || event.type === 'LoginRecorded') return event;
      const amount = respelled(event.data.amount);
      return isCharge(event) ? { ...event, data: { ...event.data, occurredAt: '2024-03-01T09:00:05+09:00', amount } } : { ...event, data: { ...event.data, amount } };
    });
    expect(events.filter(isCharge).length).toBeGreaterThan(3);
    const expected = incrementalRows(events, { leafPointsMax: 2, chunkPointsMax: 3 });
    await withStore(async (store) => {
      insertEventRows(store, events);
      await rebuildOf(store);
      expect(balanceRowsOf(store.database)).toEqual(expected);
    });
  });

  it('refuses an amount finer than its currency, as the codec does, naming the event', async () => {
    const events = history();
    const broken = events.find(isCharge);
    if (broken === undefined) throw new Error('the sample has no charge');
    const corrupted = events.map((event) => (event === broken
      ? { ...event, data: { ...event.data, amount: { amount: '1.005', currency: 'USD' } } }
      : event));
    expect(() => incrementalRows(corrupted, { leafPointsMax: 2, chunkPointsMax: 3 })).toThrow(/does not decode/);
    await withStore(async (store) => {
      insertEventRows(store, corrupted);
      await expect(rebuildOf(store)).rejects.toThrow(`${broken.streamId}@${broken.revision} (position ${broken.position})`);
      expect(createSqliteProjectionPersistence(store.database).loadCheckpoint('balance')).toBe(0n);
    });
  });

  it('finishes account by account in transactions of their own, to the rows of a finish in one go', async () => {
    const events = history();
    const accounts = new Set(events.map((event) => event.data.accountId)).size;
    const expected = incrementalRows(events, { leafPointsMax: 2, chunkPointsMax: 3 });
    await withStore(async (store) => {
      insertEventRows(store, events);
      const { projection, bulk } = sourceOnly(store, { leafPointsMax: 2, chunkPointsMax: 3 }, 4);
      const persistence = createSqliteProjectionPersistence(store.database);
      let transactions = 0;
      const counted = { ...persistence, transaction: (work: (tx: Database.Database) => void) => {
        transactions += 1;
        persistence.transaction(work);
      } };
      // A budget of 0 ms: every step yields after its first account.
      await rebuildInBulk(store, counted, projection, bulk, 10_000, undefined, 0);
      // begin, one read, the index, one step per account (the last answers done), finish.
      expect(accounts).toBeGreaterThan(1);
      expect(transactions).toBe(1 + 1 + 1 + accounts + 1 + 1);
      expect(balanceRowsOf(store.database)).toEqual(expected);
    });
  });

  it('refuses data that JSON.parse refuses even where SQLite would read it (JSON5)', async () => {
    const events = history();
    const broken = events.find(isCharge);
    await withStore(async (store) => {
      insertEventRows(store, events, (event) => (event === broken ? JSON.stringify(event.data).replace('"accountId"', 'accountId') : JSON.stringify(event.data)));
      await expect(rebuildOf(store)).rejects.toThrow(/not JSON/);
    });
  });
});
