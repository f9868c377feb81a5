// Proof latency from a large SQLite node table: synthetic leaves (the log's nodes do not depend
// on what the events hold), then random inclusion and consistency proofs, each timed alone, by the
// clock and by the process's CPU time (on a shared machine the clock's p99 is mostly the time the
// process waited for a core), with the node reads each proof made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { logNodesOver } from '../../adapters/verifiable-log/log-nodes.ts';
import { leafHash } from '../../adapters/verifiable-log/merkle-hash.ts';
import { consistencyProof, inclusionProof } from '../../adapters/verifiable-log/merkle-proofs.ts';
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

type Timed = { wallMs: number[]; cpuMs: number[]; reads: number };

const timed = (into: Timed, countReads: () => number, prove: () => void): void => {
  const readsBefore = countReads();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  prove();
  into.wallMs.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  into.cpuMs.push((cpu.user + cpu.system) / 1000);
  into.reads += countReads() - readsBefore;
};

const summary = (samples: Timed) => ({
  p50Ms: quantile(samples.wallMs, 0.5), p99Ms: quantile(samples.wallMs, 0.99), cpuP99Ms: quantile(samples.cpuMs, 0.99),
  readsPerProof: samples.reads / Math.max(1, samples.wallMs.length),
});

export const proofLatency = async (leaves: number, proofs: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-bench-proofs-'));
  const database = new Database(join(directory, 'log.db'));
  database.pragma('journal_mode = WAL');
  try {
    const table = createSqliteLogTables(database).nodes;
    let reads = 0;
    const nodes = logNodesOver({ ...table, read: (level, index) => { reads += 1; return table.read(level, index); } });
    const buildStarted = performance.now();
    for (let start = 0; start < leaves; start += batchLeaves) {
      const count = Math.min(batchLeaves, leaves - start);
      nodes.append(Array.from({ length: count }, (_, offset) => leafHash(Buffer.from(String(start + offset)))));
    }
    const buildMs = performance.now() - buildStarted;
    const next = random(6962);
    const inclusion: Timed = { wallMs: [], cpuMs: [], reads: 0 };
    const consistency: Timed = { wallMs: [], cpuMs: [], reads: 0 };
    for (let turn = 0; turn < proofs; turn += 1) {
      const size = 1 + Math.floor(next() * leaves);
      const index = Math.floor(next() * size);
      timed(inclusion, () => reads, () => inclusionProof(nodes.read, index, size));
      const from = 1 + Math.floor(next() * size);
      timed(consistency, () => reads, () => consistencyProof(nodes.read, from, size));
    }
    return { inclusion: summary(inclusion), consistency: summary(consistency), buildMs };
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
};
