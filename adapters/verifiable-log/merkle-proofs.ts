// Roots and proofs of an RFC 6962 tree read from its stored perfect subtrees: the node at
// (level, index) is the hash of leaves [index·2^level, (index+1)·2^level). Every range the RFC's
// recursions ask for is either such a node or splits into one and a smaller right-hand range,
// so a root or a proof takes O(log n) node reads, for any tree size up to what is stored.
import { type Hash, emptyRootHash, nodeHash, splitPoint } from './merkle-hash.ts';

export type SubtreeReader = (level: number, index: number) => Hash;

const levelOfPerfect = (start: number, size: number): number | undefined => {
  let level = 0;
  while (2 ** level < size) level += 1;
  return 2 ** level === size && start % size === 0 ? level : undefined;
};

// MTH(D[start:end]), start < end, where start is aligned as in the RFC's recursion.
export const rangeHash = (read: SubtreeReader, start: number, end: number): Hash => {
  const size = end - start;
  const level = levelOfPerfect(start, size);
  if (level !== undefined) return read(level, start / 2 ** level);
  const k = splitPoint(size);
  return nodeHash(rangeHash(read, start, start + k), rangeHash(read, start + k, end));
};

export const rootHash = (read: SubtreeReader, treeSize: number): Hash =>
  treeSize === 0 ? emptyRootHash() : rangeHash(read, 0, treeSize);

// RFC 6962 2.1.1 PATH(m, D[n]), over leaves [start, end); the hashes from the leaf upwards.
const path = (read: SubtreeReader, index: number, start: number, end: number): Hash[] => {
  if (end - start === 1) return [];
  const k = splitPoint(end - start);
  return index < k
    ? [...path(read, index, start, start + k), rangeHash(read, start + k, end)]
    : [...path(read, index - k, start + k, end), rangeHash(read, start, start + k)];
};

export const inclusionProof = (read: SubtreeReader, logIndex: number, treeSize: number): Hash[] => {
  if (!(Number.isSafeInteger(logIndex) && Number.isSafeInteger(treeSize) && logIndex >= 0 && logIndex < treeSize)) {
    throw new RangeError(`inclusion proof: need 0 <= logIndex < treeSize, got ${logIndex}, ${treeSize}`);
  }
  return path(read, logIndex, 0, treeSize);
};

// RFC 6962 2.1.2 SUBPROOF(m, D[start:end], b).
const subproof = (read: SubtreeReader, m: number, start: number, end: number, complete: boolean): Hash[] => {
  const n = end - start;
  if (m === n) return complete ? [] : [rangeHash(read, start, end)];
  const k = splitPoint(n);
  return m <= k
    ? [...subproof(read, m, start, start + k, complete), rangeHash(read, start + k, end)]
    : [...subproof(read, m - k, start + k, end, false), rangeHash(read, start, start + k)];
};

export const consistencyProof = (read: SubtreeReader, from: number, to: number): Hash[] => {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to)) {
    throw new RangeError(`consistency proof: need 1 <= from <= to, got ${from}, ${to}`);
  }
  return subproof(read, from, 0, to, true);
};
