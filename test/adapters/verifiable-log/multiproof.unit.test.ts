// Multiproofs over random trees and random leaf subsets: the node table leads back to the root,
// holds no node twice, and a changed leaf or node (or a missing node) does not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';
import { inclusionProof, rootHash } from '../../../adapters/verifiable-log/merkle-proofs.ts';
import { inclusionProofRanges, multiproofNodes, rangeKey, rootFromMultiproof, treeNodeKey } from '../../../adapters/verifiable-log/multiproof.ts';

const scenario = fc.integer({ min: 1, max: 300 }).chain((size) =>
  fc.record({ size: fc.constant(size), picked: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { minLength: 1, maxLength: 40 }), flip: fc.nat() }),
);

const lookup = (map: ReadonlyMap<string, Buffer>) => (start: number, end: number) => map.get(rangeKey(start, end));

describe('multiproofs', () => {
  it('lead from the proven leaves to the root, and nowhere else when anything changes', () => {
    fc.assert(
      fc.property(scenario, ({ size, picked, flip }) => {
        const nodes = logNodesOver(memoryNodeTable());
        const leaves = Array.from({ length: size }, (_, index) => leafHash(Buffer.from(String(index))));
        nodes.append(leaves);
        const indices = [...picked].sort((a, b) => a - b);
        const proven = indices.map((index) => leaves[index] ?? Buffer.alloc(0));
        const table = multiproofNodes(nodes.read, size, indices);
        expect(new Set(table.map((node) => rangeKey(node.start, node.end))).size).toBe(table.length);
        // Every node of the table, and of every inclusion path, has its own number in this tree.
        const ranges = [...table, ...indices.flatMap((index) => inclusionProofRanges(index, size))];
        const keyed = new Map(ranges.map((range) => [treeNodeKey(range.start, range.end, size), rangeKey(range.start, range.end)]));
        expect(keyed.has(undefined)).toBe(false);
        expect(keyed.size).toBe(new Set(ranges.map((range) => rangeKey(range.start, range.end))).size);
        const map = new Map(table.map((node) => [rangeKey(node.start, node.end), node.hash]));
        const root = rootHash(nodes.read, size);
        expect(rootFromMultiproof(size, indices, (at) => proven[at], lookup(map))).toEqual({ kind: 'root', root });

        const changedLeaf = proven.map((hash, at) => (at === flip % proven.length ? leafHash(Buffer.from('forged')) : hash));
        const forgedRoot = rootFromMultiproof(size, indices, (at) => changedLeaf[at], lookup(map));
        expect(forgedRoot.kind === 'root' && forgedRoot.root.equals(root)).toBe(false);
        const victim = table[flip % Math.max(1, table.length)];
        if (victim !== undefined) {
          const changed = new Map(map).set(rangeKey(victim.start, victim.end), leafHash(Buffer.from('forged')));
          const changedRoot = rootFromMultiproof(size, indices, (at) => proven[at], lookup(changed));
          expect(changedRoot.kind === 'root' && changedRoot.root.equals(root)).toBe(false);
          const lacking = new Map(map);
          lacking.delete(rangeKey(victim.start, victim.end));
          expect(rootFromMultiproof(size, indices, (at) => proven[at], lookup(lacking)).kind).toBe('missing');
        }
      }),
      { seed: 9162, numRuns: 150 },
    );
  });

  it("names the ranges of an inclusion proof's hashes", () => {
    const nodes = logNodesOver(memoryNodeTable());
    nodes.append(Array.from({ length: 11 }, (_, index) => leafHash(Buffer.from([index]))));
    for (let index = 0; index < 11; index += 1) {
      const ranges = inclusionProofRanges(index, 11);
      const proof = inclusionProof(nodes.read, index, 11);
      const map = new Map(ranges.map((range, at) => [rangeKey(range.start, range.end), proof[at] ?? Buffer.alloc(0)]));
      expect(rootFromMultiproof(11, [index], () => leafHash(Buffer.from([index])), lookup(map))).toEqual({ kind: 'root', root: rootHash(nodes.read, 11) });
    }
  });
});
