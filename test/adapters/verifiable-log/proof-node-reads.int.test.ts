// A proof's nodes read in one query: the list of nodes named beforehand is every node the proof
// reads (a strict source refuses any other), and the SQLite table's one query gives the same
// proofs as reading node by node, for every index and size of a small tree.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';
import { leafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { type NodeKey, type SubtreeSource, consistencyProof, inclusionProof } from '../../../adapters/verifiable-log/merkle-proofs.ts';
import { createSqliteLogTables } from '../../../adapters/verifiable-log/sqlite-log-tables.ts';
import { temporaryDirectory } from '../event-store/sqlite-test-files.ts';

const files = temporaryDirectory('proof-node-reads');
afterAll(() => files.remove());

const leavesMax = 70;
const leaves = Array.from({ length: leavesMax }, (_, index) => leafHash(Buffer.from(`leaf ${index}`)));

describe('proof nodes read in one query', () => {
  it('names beforehand every node a proof reads', () => {
    const nodes = logNodesOver(memoryNodeTable());
    nodes.append(leaves);
    const strict: SubtreeSource = {
      read: () => { throw new Error('a node read outside the named list'); },
      readMany: (keys: ReadonlyArray<NodeKey>) => (level, index) => {
        if (!keys.some((key) => key.level === level && key.index === index)) throw new Error(`node (${level}, ${index}) was not named`);
        return nodes.read(level, index);
      },
    };
    for (let size = 1; size <= leavesMax; size += 1) {
      for (let at = 0; at < size; at += 1) {
        expect(inclusionProof(strict, at, size)).toEqual(inclusionProof(nodes.read, at, size));
        expect(consistencyProof(strict, at + 1, size)).toEqual(consistencyProof(nodes.read, at + 1, size));
      }
    }
  });

  it('gives the same proofs from SQLite in one query as node by node', () => {
    const database = new Database(join(files.directory, 'log.db'));
    try {
      const table = createSqliteLogTables(database).nodes;
      const nodes = logNodesOver(table);
      nodes.append(leaves);
      expect(table.readMany).toBeDefined();
      for (let size = 1; size <= leavesMax; size += 3) {
        for (let at = 0; at < size; at += 2) {
          expect(inclusionProof(nodes, at, size)).toEqual(inclusionProof(table.read, at, size));
          expect(consistencyProof(nodes, at + 1, size)).toEqual(consistencyProof(table.read, at + 1, size));
        }
      }
      // A node the list did not name is still read (one by one): the list is an optimisation.
      expect(table.readMany?.([])(0, 5)).toEqual(leaves[5]);
    } finally {
      database.close();
    }
  });
});
