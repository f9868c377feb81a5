// Rebuild speed of projections through the projection runner, in events/s, beside a raw
// better-sqlite3 loop (SELECT every row in position order + JSON.parse of its data) over the same
// rows of the same file, in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { createSqliteBalanceIndex } from '../projections/balance/sqlite-balance-index.ts';
import type { Projection } from '../projections/runner/projection.ts';
import { createProjectionRunner } from '../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../projections/runner/sqlite-projection-persistence.ts';
import { openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import { seedOneAccount } from './balance.bench.ts';
import { seedLedgerFile } from './memory-seed.ts';
import type { BenchResult } from './bench-result.ts';

export const name = 'rebuild';

const eventsTotal = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
// The same number of events spread over many accounts (the memory bench's ledger shape), where a
// transaction's rows land on many pages: the shape of a real ledger, with no target of its own.
const manyAccounts = 1_000;
const targets = { ratioAtLeast: 0.7, eventsPerSecondAtLeast: 500_000 };

export const description = `
${eventsTotal.toLocaleString('en-US')} events of one account (the balance bench's history) in a real SQLite store. Each line
rebuilds one projection from zero with runner.rebuild and divides the events by the time to catch up. A projection
without a bulk path is reset and fed by the catch-up subscription (batches of 1,000, one transaction per batch with
its checkpoint); the balance index takes its bulk path (projections/runner/bulk-rebuild.ts: the checkpoint stays at zero
until the transaction that builds the trie, seals the chunks and moves it once, at the end; from the events table
transactions sized by time, about 50 ms each (from 1,000 events, at most doubling, up to 50,000), through the port one
per 50,000 events; a turn of the event loop after every transaction and every page).
Baseline: a raw loop over the same file, \`SELECT position, stream_id, revision, type, data, occurred_at,
recorded_at, hash, previous_hash FROM events ORDER BY position\` with JSON.parse of each data column, run right
before and right after each rebuild (the mean of the two), so that both sides see the same machine load.
- **no-op projection**: what the runner and the store's readAll cost (page reads, StoredEvent objects,
  transactions and checkpoints) with nothing projected.
- **balance index**: the bitemporal balance index in bulk, as \`runner.rebuild('balance')\` runs it on the SQLite store:
  it reads the store's events table in the same database itself (only the columns and data fields it needs,
  extracted by SQLite), decodes amounts and instants straight to integers, inserts points and charges 64 rows per
  statement; then the points' index, sealed chunks and the trie once per account.
  Target: >= ${targets.ratioAtLeast} x raw and >= ${targets.eventsPerSecondAtLeast.toLocaleString('en-US')} events/s (both).
- **balance index through the store port** (no target; for reading the line above): the same bulk rebuild fed
  StoredEvents by readAll pages instead, as it is on any other store.
- **balance index, many accounts** (no target): the same number of events over ${manyAccounts.toLocaleString('en-US')} accounts (the memory
  bench's ledger: opening, a phone, then top-ups and charges), where each transaction's rows land on many pages;
  the source's transactions are sized by time (about 50 ms each), so they grow large there.
`;

export const rawLoop = (database: Database): number => {
  const start = performance.now();
  let rows = 0;
  const select = database.prepare(
    'SELECT position, stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash FROM events ORDER BY position',
  );
  for (const row of select.iterate()) {
    if (typeof row === 'object' && row !== null && 'data' in row && typeof row.data === 'string') {
      const data: unknown = JSON.parse(row.data);
      if (data !== null) rows += 1;
    }
  }
  return (rows / (performance.now() - start)) * 1_000;
};

type Run = { rate: number; raw: number; rawBefore: number; rawAfter: number };

const rebuildManyAccounts = async (path: string): Promise<Run> => {
  seedLedgerFile({ path, eventsTotal, accounts: manyAccounts });
  const store = openSqliteEventStore({ path });
  try {
    const balance = createSqliteBalanceIndex(store.database);
    const runner = createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(store.database), projections: [balance.projection] });
    rawLoop(store.database);
    const rawBefore = rawLoop(store.database);
    const start = performance.now();
    const outcome = await runner.rebuild('balance', 900_000);
    if (outcome.kind !== 'caught_up') throw new Error(`rebuild bench: the many-account balance index did not catch up (${outcome.kind})`);
    const rate = (eventsTotal / (performance.now() - start)) * 1_000;
    const rawAfter = rawLoop(store.database);
    await runner.stop();
    return { rate, raw: (rawBefore + rawAfter) / 2, rawBefore, rawAfter };
  } finally {
    await store.close();
  }
};

const noOp: Projection<Database> = { name: 'no-op', eventTypes: [], applyBatch: () => undefined, reset: () => undefined };

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-rebuild-bench-'));
  try {
    const store = await seedOneAccount(join(directory, 'ledger.db'), eventsTotal);
    const balance = createSqliteBalanceIndex(store.database);
    const bulk = balance.projection.bulkRebuild;
    if (bulk === undefined) throw new Error('rebuild bench: the balance index has no bulk path');
    // The same index (the same tables) with only the generic bulk path: StoredEvents through the port.
    const throughPort: Projection<Database> = {
      ...balance.projection, name: 'balance-through-port', bulkRebuild: { ...bulk, sourceFor: undefined },
    };
    const runner = createProjectionRunner({
      store, persistence: createSqliteProjectionPersistence(store.database), projections: [noOp, balance.projection, throughPort],
    });
    // events/s of the rebuild, and of the raw loop around it (the mean of before and after).
    const rebuild = async (projection: string): Promise<Run> => {
      const rawBefore = rawLoop(store.database);
      const start = performance.now();
      const outcome = await runner.rebuild(projection, 900_000);
      if (outcome.kind !== 'caught_up') throw new Error(`rebuild bench: ${projection} did not catch up (${outcome.kind})`);
      const rate = (eventsTotal / (performance.now() - start)) * 1_000;
      const rawAfter = rawLoop(store.database);
      return { rate, raw: (rawBefore + rawAfter) / 2, rawBefore, rawAfter };
    };
    rawLoop(store.database); // warm the page cache for both sides alike
    const noOpRun = await rebuild('no-op');
    const portRun = await rebuild('balance-through-port');
    const balanceRun = await rebuild('balance');
    await runner.stop();
    await store.close();
    const manyRun = await rebuildManyAccounts(join(directory, 'many.db'));
    // checked: both targets, told by `passed`; 'ratio': the ratio target alone, checked by the runner.
    const line = (label: string, run: Run, checked: boolean | 'ratio'): BenchResult => ({
      label, value: Math.round(run.rate), unit: 'events/s',
      baseline: { label: 'raw SELECT + JSON.parse', value: Math.round(run.raw) },
      ...(checked === false ? {} : { target: { of: 'ratio', atLeast: targets.ratioAtLeast } }),
      ...(checked === true ? { passed: run.rate / run.raw >= targets.ratioAtLeast && run.rate >= targets.eventsPerSecondAtLeast } : {}),
      details: {
        events: eventsTotal, rawBefore: Math.round(run.rawBefore), rawAfter: Math.round(run.rawAfter),
        ...(checked === true ? { eventsPerSecondTarget: targets.eventsPerSecondAtLeast } : {}),
      },
    });
    return [
      line('rebuild, no-op projection (runner + store reads)', noOpRun, 'ratio'),
      line('rebuild, balance index', balanceRun, true),
      line('rebuild, balance index through the store port', portRun, false),
      line(`rebuild, balance index, ${manyAccounts.toLocaleString('en-US')} accounts of ${(eventsTotal / manyAccounts).toLocaleString('en-US')} events`, manyRun, false),
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
