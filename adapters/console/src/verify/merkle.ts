// RFC 6962 / RFC 9162 section 2.1 Merkle tree hashes and the inclusion proof check (RFC 9162
// 2.1.3.2), as the verifiable log defines them: leaf = SHA-256(0x00 || event hash bytes),
// node = SHA-256(0x01 || left || right).
import { equalBytes, sha256 } from './bytes.ts';

export const leafHash = (eventHash: Uint8Array): Promise<Uint8Array> => sha256(Uint8Array.of(0), eventHash);

export const nodeHash = (left: Uint8Array, right: Uint8Array): Promise<Uint8Array> => sha256(Uint8Array.of(1), left, right);

// Proof paths are at most 64 hashes (trees of at most 2^64 leaves): a longer one is refused
// before any hashing.
const proofLengthMax = 64;

// The root that `proof` leads to from leaf `leafIndex` of a tree of `treeSize` leaves, or
// undefined when the proof does not fit that position and size.
export const rootFromInclusionProof = async (
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
): Promise<Uint8Array | undefined> => {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return undefined;
  if (proof.length > proofLengthMax) return undefined;
  // BigInt: JS bit operators work on 32 bits, a log may hold more leaves.
  let index = BigInt(leafIndex);
  let last = BigInt(treeSize - 1);
  let root = leaf;
  for (const sibling of proof) {
    if (last === 0n) return undefined;
    if ((index & 1n) === 1n || index === last) {
      root = await nodeHash(sibling, root);
      while ((index & 1n) === 0n && index !== 0n) {
        index >>= 1n;
        last >>= 1n;
      }
    } else {
      root = await nodeHash(root, sibling);
    }
    index >>= 1n;
    last >>= 1n;
  }
  return last === 0n ? root : undefined;
};

export const verifyInclusion = async (
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
  expectedRoot: Uint8Array,
): Promise<boolean> => {
  const root = await rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return root !== undefined && equalBytes(root, expectedRoot);
};
