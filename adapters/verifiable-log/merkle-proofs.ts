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

// Where a proof's nodes come from: one node at a time, or (readMany) every node the proof needs,
// named beforehand, in one query, then served from what it read.
export type NodeKey = Readonly<{ level: number; index: number }>;
export type SubtreeSource = Readonly<{ read: SubtreeReader; readMany?: (keys: ReadonlyArray<NodeKey>) => SubtreeReader }>;
type Range = Readonly<{ start: number; end: number }>;

// The stored nodes rangeHash reads for [start, end): its perfect subtrees, largest first.
const nodesOfRange = ({ start, end }: Range): NodeKey[] => {
  const keys: NodeKey[] = [];
  let from = start;
  while (from < end) {
    const size = end - from;
    const level = levelOfPerfect(from, size);
    if (level !== undefined) return [...keys, { level, index: from / 2 ** level }];
    const k = splitPoint(size);
    keys.push({ level: Math.log2(k), index: from / k });
    from += k;
  }
  return keys;
};

const hashesOf = (source: SubtreeSource, ranges: ReadonlyArray<Range>): Hash[] => {
  const read = source.readMany === undefined ? source.read : source.readMany(ranges.flatMap(nodesOfRange));
  return ranges.map(({ start, end }) => rangeHash(read, start, end));
};

// RFC 6962 2.1.1 PATH(m, D[n]), over leaves [start, end): the ranges its hashes stand for, from
// the leaf upwards.
const pathRanges = (index: number, start: number, end: number): Range[] => {
  if (end - start === 1) return [];
  const k = splitPoint(end - start);
  return index < k
    ? [...pathRanges(index, start, start + k), { start: start + k, end }]
    : [...pathRanges(index - k, start + k, end), { start, end: start + k }];
};

export const inclusionProof = (source: SubtreeReader | SubtreeSource, logIndex: number, treeSize: number): Hash[] => {
  if (!(Number.isSafeInteger(logIndex) && Number.isSafeInteger(treeSize) && logIndex >= 0 && logIndex < treeSize)) {
    throw new RangeError(`inclusion proof: need 0 <= logIndex < treeSize, got ${logIndex}, ${treeSize}`);
  }
  return hashesOf(typeof source === 'function' ? { read: source } : source, pathRanges(logIndex, 0, treeSize));
};

// RFC 6962 2.1.2 SUBPROOF(m, D[start:end], b): the ranges its hashes stand for.
const subproofRanges = (m: number, start: number, end: number, complete: boolean): Range[] => {
  const n = end - start;
  if (m === n) return complete ? [] : [{ start, end }];
  const k = splitPoint(n);
  return m <= k
    ? [...subproofRanges(m, start, start + k, complete), { start: start + k, end }]
    : [...subproofRanges(m - k, start + k, end, false), { start, end: start + k }];
};

export const consistencyProof = (source: SubtreeReader | SubtreeSource, from: number, to: number): Hash[] => {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to)) {
    throw new RangeError(`consistency proof: need 1 <= from <= to, got ${from}, ${to}`);
  }
  return hashesOf(typeof source === 'function' ? { read: source } : source, subproofRanges(from, 0, to, true));
};
