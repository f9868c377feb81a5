// Proof latency from a large SQLite node table: synthetic leaves (the log's nodes do not depend
// on what the events hold), then random inclusion and consistency proofs, each timed alone, by the
// clock and by the process's CPU time (on a shared machine the clock's p99 is mostly the time the
// process waited for a core), with the node reads each proof made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { type NodeTable, logNodesOver } from '../../adapters/verifiable-log/log-nodes.ts';
import { leafHash } from '../../adapters/verifiable-log/merkle-hash.ts';
import { type NodeKey, type SubtreeSource, consistencyProof, inclusionProof } from '../../adapters/verifiable-log/merkle-proofs.ts';
import { createSqliteLogTables } from '../../adapters/verifiable-log/sqlite-log-tables.ts';

const batchLeaves = 20_000;

// A seeded generator (mulberry32), so every run asks the same proofs.
const random = (seed: number) => {
  let state = seed;
  return (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const quantile = (samples: number[], q: number): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * q)] ?? 0;

type Timed = { wallMs: number[]; cpuMs: number[]; queries: number };
const timedProofs = (): Timed => ({ wallMs: [], cpuMs: [], queries: 0 });

const timed = (into: Timed, countQueries: () => number, prove: () => void): void => {
  const queriesBefore = countQueries();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  prove();
  into.wallMs.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  into.cpuMs.push((cpu.user + cpu.system) / 1000);
  into.queries += countQueries() - queriesBefore;
};

const summary = (samples: Timed) => ({
  p50Ms: quantile(samples.wallMs, 0.5), p90Ms: quantile(samples.wallMs, 0.9), p99Ms: quantile(samples.wallMs, 0.99), cpuP50Ms: quantile(samples.cpuMs, 0.5), cpuP90Ms: quantile(samples.cpuMs, 0.9), cpuP99Ms: quantile(samples.cpuMs, 0.99),
  queriesPerProof: samples.queries / Math.max(1, samples.wallMs.length),
});

// Random proofs from a node table of `leaves` leaves, each asked twice in a row: through the
// log's source (a proof's nodes in one query) and node by node (one query each, as before).
export const measureProofs = (table: NodeTable, leaves: number, proofs: number) => {
  let queries = 0;
  const readMany = table.readMany;
  const counted: SubtreeSource = {
    read: (level, index) => { queries += 1; return table.read(level, index); },
    ...(readMany === undefined ? {} : { readMany: (keys: ReadonlyArray<NodeKey>) => { queries += 1; const read = readMany(keys); return (level: number, index: number) => read(level, index); } }),
  };
  const oneByOne: SubtreeSource = { read: counted.read };
  const next = random(6962);
  const runs = { inclusion: timedProofs(), consistency: timedProofs(), inclusionOneByOne: timedProofs(), consistencyOneByOne: timedProofs() };
  for (let turn = 0; turn < proofs; turn += 1) {
    const size = 1 + Math.floor(next() * leaves);
    const index = Math.floor(next() * size);
    const from = 1 + Math.floor(next() * size);
    // Alternating which goes first: the second finds the first's pages in SQLite's cache.
    const ways = [
      () => timed(runs.inclusion, () => queries, () => inclusionProof(counted, index, size)),
      () => timed(runs.inclusionOneByOne, () => queries, () => inclusionProof(oneByOne, index, size)),
      () => timed(runs.consistency, () => queries, () => consistencyProof(counted, from, size)),
      () => timed(runs.consistencyOneByOne, () => queries, () => consistencyProof(oneByOne, from, size)),
    ];
    for (const way of turn % 2 === 0 ? ways : [ways[1], ways[0], ways[3], ways[2]]) way?.();
  }
  return { inclusion: summary(runs.inclusion), consistency: summary(runs.consistency), inclusionOneByOne: summary(runs.inclusionOneByOne), consistencyOneByOne: summary(runs.consistencyOneByOne) };
};

export const proofLatency = async (leaves: number, proofs: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-bench-proofs-'));
  const database = new Database(join(directory, 'log.db'));
  database.pragma('journal_mode = WAL');
  try {
    const table = createSqliteLogTables(database).nodes;
    const nodes = logNodesOver(table);
    const buildStarted = performance.now();
    for (let start = 0; start < leaves; start += batchLeaves) {
      const count = Math.min(batchLeaves, leaves - start);
      nodes.append(Array.from({ length: count }, (_, offset) => leafHash(Buffer.from(String(start + offset)))));
    }
    const buildMs = performance.now() - buildStarted;
    return { ...measureProofs(table, leaves, proofs), buildMs };
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
};
