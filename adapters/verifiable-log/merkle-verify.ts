// Verification of RFC 6962 proofs as RFC 9162 sections 2.1.3.2 and 2.1.4.2 write it. Sizes are
// JS numbers (safe integers, far beyond any log here); shifts are divisions, since JS bit
// operators work on 32 bits.
import { type Hash, hashSizeBytes, nodeHash } from './merkle-hash.ts';

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;
const wellFormed = (hashes: ReadonlyArray<Uint8Array>): boolean => hashes.every((hash) => hash.length === hashSizeBytes);
const safe = (...values: number[]): boolean => values.every((value) => Number.isSafeInteger(value) && value >= 0);

type Walked = Readonly<{ fromRoot: Hash; toRoot: Hash }>;

// The one walk both verifications share (RFC 9162 2.1.3.2 and 2.1.4.2): from `seed` at node
// (fn, sn), up the proof. `toRoot` takes every proof hash; `fromRoot` (tracked only when asked:
// the consistency proof's older root) takes only the left siblings. undefined when the proof does
// not fit the sizes (too long, or too short to reach the root).
const walk = (fnStart: number, snStart: number, seed: Hash, proof: ReadonlyArray<Uint8Array>, trackFrom: boolean): Walked | undefined => {
  let fn = fnStart;
  let sn = snStart;
  let fromRoot: Hash = seed;
  let toRoot: Hash = seed;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      if (trackFrom) fromRoot = nodeHash(p, fromRoot);
      toRoot = nodeHash(p, toRoot);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      toRoot = nodeHash(toRoot, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? { fromRoot, toRoot } : undefined;
};

// The root an inclusion proof leads to, or undefined when the proof cannot fit the sizes.
export const rootFromInclusionProof = (
  logIndex: number, treeSize: number, leaf: Hash, proof: ReadonlyArray<Uint8Array>,
): Hash | undefined => {
  if (!safe(logIndex, treeSize) || logIndex >= treeSize || !wellFormed(proof) || leaf.length !== hashSizeBytes) return undefined;
  return walk(logIndex, treeSize - 1, leaf, proof, false)?.toRoot;
};

export const verifyInclusion = (
  logIndex: number, treeSize: number, leaf: Hash, proof: ReadonlyArray<Uint8Array>, root: Hash,
): boolean => rootFromInclusionProof(logIndex, treeSize, leaf, proof)?.equals(root) ?? false;

export const verifyConsistency = (
  from: number, to: number, fromRoot: Hash, toRoot: Hash, proof: ReadonlyArray<Uint8Array>,
): boolean => {
  if (!safe(from, to) || from < 1 || from > to || !wellFormed(proof)) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  let fn = from - 1;
  let sn = to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // When `from` is a power of two its root is the first node of the path (RFC 9162 step 2).
  const path = fn === 0 ? [fromRoot, ...proof] : proof;
  const [first, ...rest] = path;
  if (first === undefined) return false;
  const walked = walk(fn, sn, Buffer.from(first), rest, true);
  return walked !== undefined && walked.fromRoot.equals(fromRoot) && walked.toRoot.equals(toRoot);
};
