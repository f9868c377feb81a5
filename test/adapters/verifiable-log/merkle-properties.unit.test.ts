// Properties of the Merkle core over random trees: the stored-node roots and proofs equal the
// RFC 6962 definitions computed from the leaves, every proof verifies, and flipping any one bit
// of a proof, a leaf or a root makes verification fail.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Hash, leafHash, nodeHash, splitPoint } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';
import { consistencyProof, inclusionProof, rootHash } from '../../../adapters/verifiable-log/merkle-proofs.ts';
import { verifyConsistency, verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';

// RFC 6962 2.1 definitions, straight from the leaves.
const mth = (leaves: ReadonlyArray<Hash>): Hash => {
  if (leaves.length === 1) return leaves[0] ?? Buffer.alloc(0);
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
};
const path = (m: number, leaves: ReadonlyArray<Hash>): Hash[] => {
  if (leaves.length === 1) return [];
  const k = splitPoint(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
};
const subproof = (m: number, leaves: ReadonlyArray<Hash>, complete: boolean): Hash[] => {
  if (m === leaves.length) return complete ? [] : [mth(leaves)];
  const k = splitPoint(leaves.length);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), complete), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
};

const flipped = (hash: Hash, bit: number): Hash => {
  const copy = Buffer.from(hash);
  const byte = Math.floor(bit / 8) % copy.length;
  copy[byte] = (copy[byte] ?? 0) ^ (1 << (bit % 8));
  return copy;
};

// A tree of n leaves appended in random batches, and sizes 1 <= m <= size, 0 <= i < size.
const scenario = fc.integer({ min: 1, max: 200 }).chain((n) =>
  fc.record({
    leaves: fc.array(fc.uint8Array({ minLength: 0, maxLength: 8 }), { minLength: n, maxLength: n }),
    batches: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
    size: fc.integer({ min: 1, max: n }),
    from: fc.integer({ min: 1, max: n }),
    index: fc.integer({ min: 0, max: n - 1 }),
    bit: fc.integer({ min: 0, max: 255 }),
  }),
);

const built = (inputs: ReadonlyArray<Uint8Array>, batches: ReadonlyArray<number>) => {
  const leaves = inputs.map(leafHash);
  const nodes = logNodesOver(memoryNodeTable());
  let done = 0;
  for (let turn = 0; done < leaves.length; turn += 1) {
    const take = batches[turn % batches.length] ?? 1;
    nodes.append(leaves.slice(done, done + take));
    done = Math.min(leaves.length, done + take);
  }
  return { leaves, nodes };
};

describe('Merkle core properties', () => {
  it('roots and proofs from stored nodes equal the RFC definitions, and verify', () => {
    fc.assert(
      fc.property(scenario, ({ leaves: inputs, batches, size, from: fromRaw, index: indexRaw }) => {
        const { leaves, nodes } = built(inputs, batches);
        const from = Math.min(fromRaw, size);
        const index = indexRaw % size;
        const prefix = leaves.slice(0, size);
        const root = rootHash(nodes.read, size);
        expect(root).toEqual(mth(prefix));
        const inclusion = inclusionProof(nodes.read, index, size);
        expect(inclusion).toEqual(path(index, prefix));
        expect(verifyInclusion(index, size, leaves[index] ?? Buffer.alloc(0), inclusion, root)).toBe(true);
        const consistency = consistencyProof(nodes.read, from, size);
        expect(consistency).toEqual(subproof(from, prefix, true));
        expect(verifyConsistency(from, size, mth(leaves.slice(0, from)), root, consistency)).toBe(true);
      }),
      { seed: 1506, numRuns: 120 },
    );
  });

  it('any flipped bit in a proof, a leaf or a root fails verification', () => {
    fc.assert(
      fc.property(scenario, ({ leaves: inputs, batches, size, from: fromRaw, index: indexRaw, bit }) => {
        const { leaves, nodes } = built(inputs, batches);
        const from = Math.min(fromRaw, size);
        const index = indexRaw % size;
        const root = rootHash(nodes.read, size);
        const leaf = leaves[index] ?? Buffer.alloc(0);
        const inclusion = inclusionProof(nodes.read, index, size);
        expect(verifyInclusion(index, size, flipped(leaf, bit), inclusion, root)).toBe(false);
        expect(verifyInclusion(index, size, leaf, inclusion, flipped(root, bit))).toBe(false);
        inclusion.forEach((_, at) => {
          const forged = inclusion.map((hash, position) => (position === at ? flipped(hash, bit) : hash));
          expect(verifyInclusion(index, size, leaf, forged, root)).toBe(false);
        });
        const fromRoot = rootHash(nodes.read, from);
        const consistency = consistencyProof(nodes.read, from, size);
        expect(verifyConsistency(from, size, flipped(fromRoot, bit), root, consistency)).toBe(false);
        expect(verifyConsistency(from, size, fromRoot, flipped(root, bit), consistency)).toBe(false);
        consistency.forEach((_, at) => {
          const forged = consistency.map((hash, position) => (position === at ? flipped(hash, bit) : hash));
          expect(verifyConsistency(from, size, fromRoot, root, forged)).toBe(false);
        });
      }),
      { seed: 6962, numRuns: 120 },
    );
  });

  it('refuses proofs for sizes out of range', () => {
    const { nodes } = built([Buffer.from('a'), Buffer.from('b')], [2]);
    expect(() => inclusionProof(nodes.read, 2, 2)).toThrow(RangeError);
    expect(() => consistencyProof(nodes.read, 0, 2)).toThrow(RangeError);
    expect(() => consistencyProof(nodes.read, 3, 2)).toThrow(RangeError);
  });
});
