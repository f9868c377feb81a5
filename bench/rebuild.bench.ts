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
import { seedOneAccount } from './balance.bench.ts';
import type { BenchResult } from './bench-result.ts';

export const name = 'rebuild';

const eventsTotal = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
const targets = { ratioAtLeast: 0.7, eventsPerSecondAtLeast: 500_000 };

export const description = `
${eventsTotal.toLocaleString('en-US')} events of one account (the balance bench's history) in a real SQLite store. Each line
rebuilds one projection from zero with runner.rebuild and divides the events by the time to catch up. A projection
without a bulk path is reset and fed by the catch-up subscription (batches of 1,000, one transaction per batch with
its checkpoint); the balance index takes its bulk path (projections/runner/bulk-rebuild.ts: pages of 1,000 applied
in transactions of up to 50,000 events, the checkpoint moved once at the end).
Baseline: a raw loop over the same file, \`SELECT position, stream_id, revision, type, data, occurred_at,
recorded_at, hash, previous_hash FROM events ORDER BY position\` with JSON.parse of each data column.
- **no-op projection**: what the runner and the store's readAll cost (page reads, StoredEvent objects,
  transactions and checkpoints) with nothing projected.
- **balance index**: the bitemporal balance index in bulk (io-ts decoding of every balance event, point and
  charge rows during the reads; then the points' index, sealed chunks and the trie built once per account). Target: >= ${targets.ratioAtLeast} x raw and >= ${targets.eventsPerSecondAtLeast.toLocaleString('en-US')} events/s (both).
`;

const rawLoop = (database: Database): number => {
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

const noOp: Projection<Database> = { name: 'no-op', eventTypes: [], applyBatch: () => undefined, reset: () => undefined };

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-rebuild-bench-'));
  try {
    const store = await seedOneAccount(join(directory, 'ledger.db'), eventsTotal);
    const balance = createSqliteBalanceIndex(store.database);
    const runner = createProjectionRunner({
      store, persistence: createSqliteProjectionPersistence(store.database), projections: [noOp, balance.projection],
    });
    const rebuild = async (projection: string): Promise<number> => {
      const start = performance.now();
      const outcome = await runner.rebuild(projection, 900_000);
      if (outcome.kind !== 'caught_up') throw new Error(`rebuild bench: ${projection} did not catch up (${outcome.kind})`);
      return (eventsTotal / (performance.now() - start)) * 1_000;
    };
    rawLoop(store.database); // warm the page cache for both sides alike
    const rawNoOp = rawLoop(store.database);
    const noOpRate = await rebuild('no-op');
    const rawBalance = rawLoop(store.database);
    const balanceRate = await rebuild('balance');
    await runner.stop();
    await store.close();
    const line = (label: string, value: number, raw: number, checked: boolean): BenchResult => ({
      label, value: Math.round(value), unit: 'events/s',
      baseline: { label: 'raw SELECT + JSON.parse', value: Math.round(raw) },
      target: { of: 'ratio', atLeast: targets.ratioAtLeast },
      ...(checked ? { passed: value / raw >= targets.ratioAtLeast && value >= targets.eventsPerSecondAtLeast } : {}),
      details: { events: eventsTotal, ...(checked ? { eventsPerSecondTarget: targets.eventsPerSecondAtLeast } : {}) },
    });
    return [
      line('rebuild, no-op projection (runner + store reads)', noOpRate, rawNoOp, false),
      line('rebuild, balance index', balanceRate, rawBalance, true),
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
