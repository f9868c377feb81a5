// The iterative inclusion check (RFC 9162 2.1.3.2) against the RFC's recursive definitions of
// the tree hash MTH and the audit path PATH, for every leaf of trees of 1 to 33 leaves.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash, rootFromInclusionProof, verifyInclusion } from '../../../../adapters/console/src/verify/merkle.ts';

const sha = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);
const treeHash = (leaves: ReadonlyArray<Uint8Array>): Uint8Array => {
  if (leaves.length === 1) return leaves[0] ?? new Uint8Array();
  const k = split(leaves.length);
  return sha(Uint8Array.of(1), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
};
const auditPath = (m: number, leaves: ReadonlyArray<Uint8Array>): ReadonlyArray<Uint8Array> => {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))] : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
};
const eventHashes = (n: number) => Array.from({ length: n }, (_, i) => sha(new TextEncoder().encode(`event ${i}`)));

describe('the inclusion proof check', () => {
  it('leads every leaf of trees of 1 to 33 leaves to the RFC 6962 root', async () => {
    for (let size = 1; size <= 33; size += 1) {
      const leaves = await Promise.all(eventHashes(size).map(leafHash));
      const root = treeHash(leaves);
      for (let index = 0; index < size; index += 1) {
        const leaf = leaves[index] ?? new Uint8Array();
        expect(await verifyInclusion(index, size, leaf, auditPath(index, leaves), root), `leaf ${index} of ${size}`).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, position or size, a changed hash, or an extra hash', async () => {
    const leaves = await Promise.all(eventHashes(11).map(leafHash));
    const root = treeHash(leaves);
    const proof = auditPath(6, leaves);
    const leaf = leaves[6] ?? new Uint8Array();
    expect(await verifyInclusion(6, 11, leaves[5] ?? new Uint8Array(), proof, root)).toBe(false);
    expect(await verifyInclusion(7, 11, leaf, proof, root)).toBe(false);
    // Size 7 makes leaf 6 the last one: another path shape. (Sizes with the same shape, e.g. 12,
    // lead to the same root: the signed tree size binds it.)
    expect(await verifyInclusion(6, 7, leaf, proof, root)).toBe(false);
    const changed = proof.map((hash, i) => (i === 1 ? sha(hash) : hash));
    expect(await verifyInclusion(6, 11, leaf, changed, root)).toBe(false);
    expect(await rootFromInclusionProof(6, 11, leaf, [...proof, root])).toBeUndefined();
    expect(await rootFromInclusionProof(11, 11, leaf, proof)).toBeUndefined();
    expect(await rootFromInclusionProof(-1, 11, leaf, proof)).toBeUndefined();
  });

  it('hashes a leaf as SHA-256(0x00 || event hash)', async () => {
    const eventHash = sha(new TextEncoder().encode('x'));
    expect(await leafHash(eventHash)).toEqual(sha(Uint8Array.of(0), eventHash));
  });
});
