// Proof latency from a large SQLite node table: synthetic leaves (the log's nodes do not depend
// on what the events hold), then random inclusion and consistency proofs, each timed alone.
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

const p99 = (samples: number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.99)] ?? 0;

export const proofLatency = async (leaves: number, proofs: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-bench-proofs-'));
  const database = new Database(join(directory, 'log.db'));
  database.pragma('journal_mode = WAL');
  try {
    const nodes = logNodesOver(createSqliteLogTables(database).nodes);
    const buildStarted = performance.now();
    for (let start = 0; start < leaves; start += batchLeaves) {
      const count = Math.min(batchLeaves, leaves - start);
      nodes.append(Array.from({ length: count }, (_, offset) => leafHash(Buffer.from(String(start + offset)))));
    }
    const buildMs = performance.now() - buildStarted;
    const next = random(6962);
    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let turn = 0; turn < proofs; turn += 1) {
      const size = 1 + Math.floor(next() * leaves);
      const index = Math.floor(next() * size);
      let started = performance.now();
      inclusionProof(nodes.read, index, size);
      inclusion.push(performance.now() - started);
      const from = 1 + Math.floor(next() * size);
      started = performance.now();
      consistencyProof(nodes.read, from, size);
      consistency.push(performance.now() - started);
    }
    return { inclusionP99Ms: p99(inclusion), consistencyP99Ms: p99(consistency), buildMs };
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
};
