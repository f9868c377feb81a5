// Verification of RFC 6962 proofs as RFC 9162 sections 2.1.3.2 and 2.1.4.2 write it. Sizes are
// JS numbers (safe integers, far beyond any log here); shifts are divisions, since JS bit
// operators work on 32 bits.
import { type Hash, hashSizeBytes, nodeHash } from './merkle-hash.ts';

const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;
const wellFormed = (hashes: ReadonlyArray<Uint8Array>): boolean => hashes.every((hash) => hash.length === hashSizeBytes);
const safe = (...values: number[]): boolean => values.every((value) => Number.isSafeInteger(value) && value >= 0);

// The root an inclusion proof leads to, or undefined when the proof cannot fit the sizes.
export const rootFromInclusionProof = (
  logIndex: number, treeSize: number, leaf: Hash, proof: ReadonlyArray<Uint8Array>,
): Hash | undefined => {
  if (!safe(logIndex, treeSize) || logIndex >= treeSize || !wellFormed(proof) || leaf.length !== hashSizeBytes) return undefined;
  let fn = logIndex;
  let sn = treeSize - 1;
  let r: Hash = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
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
  let fr: Hash = Buffer.from(first);
  let sr: Hash = Buffer.from(first);
  for (const c of rest) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
};
