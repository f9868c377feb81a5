// One proof for many leaves: the hashes of the maximal subtrees that hold none of the proven
// leaves (a "node table"), each named by its leaf range [start, end). The root is recomputed by
// the RFC 6962 recursion, descending only into ranges that hold proven leaves, so shared path
// nodes are neither sent nor hashed twice: O(k log(n/k)) nodes for k leaves of n.
import { type Hash, nodeHash, splitPoint } from './merkle-hash.ts';
import { type SubtreeReader, rangeHash } from './merkle-proofs.ts';

export type RangeNode = Readonly<{ start: number; end: number; hash: Hash }>;
export const rangeKey = (start: number, end: number): string => `${start}:${end}`;

const rightEdgeLevel = 63;

// A number naming a node of the RFC 6962 tree of treeSize leaves, for a verifier's node table (a
// million string keys cost the garbage collector more than the hashing): every node is a perfect
// subtree [start, start + 2^k) aligned on its size, or a range that ends at the tree's right edge,
// so (start, k) or (start, edge) names it. undefined for a range that is no node of this tree
// (the root's recursion never asks for it).
export const treeNodeKey = (start: number, end: number, treeSize: number): number | undefined => {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start < end && end <= treeSize)) return undefined;
  const size = end - start;
  const level = Math.log2(size);
  if (Number.isInteger(level) && start % size === 0) return start * 64 + level;
  return end === treeSize ? start * 64 + rightEdgeLevel : undefined;
};

// The first position in sorted `indices` (from lo) whose value is >= value.
const lowerBound = (indices: ReadonlyArray<number>, value: number, lo: number, hi: number): number => {
  let low = lo;
  let high = hi;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((indices[middle] ?? Number.MAX_SAFE_INTEGER) < value) low = middle + 1;
    else high = middle;
  }
  return low;
};

// The node table the exporter sends, for sorted, distinct leaf indices below treeSize.
export const multiproofNodes = (read: SubtreeReader, treeSize: number, indices: ReadonlyArray<number>): RangeNode[] => {
  const nodes: RangeNode[] = [];
  const walk = (start: number, end: number, lo: number, hi: number): void => {
    if (lo === hi) {
      nodes.push({ start, end, hash: rangeHash(read, start, end) });
      return;
    }
    if (end - start === 1) return;
    const middle = start + splitPoint(end - start);
    const split = lowerBound(indices, middle, lo, hi);
    walk(start, middle, lo, split);
    walk(middle, end, split, hi);
  };
  if (treeSize > 0) walk(0, treeSize, 0, indices.length);
  return nodes;
};

export type MultiproofRoot = Readonly<{ kind: 'root'; root: Hash }> | Readonly<{ kind: 'missing'; start: number; end: number }>;

// The root from the proven leaves (sorted indices; leafAt(k) is the hash of the k-th) and the
// node table (nodeAt(start, end) the hash given for those leaves).
export const rootFromMultiproof = (
  treeSize: number, indices: ReadonlyArray<number>, leafAt: (position: number) => Hash | undefined,
  nodeAt: (start: number, end: number) => Hash | undefined,
): MultiproofRoot => {
  let missing: { start: number; end: number } | undefined;
  const walk = (start: number, end: number, lo: number, hi: number): Hash => {
    if (missing !== undefined) return Buffer.alloc(0);
    if (lo === hi) {
      const hash = nodeAt(start, end);
      if (hash === undefined) missing = { start, end };
      return hash ?? Buffer.alloc(0);
    }
    if (end - start === 1) return leafAt(lo) ?? Buffer.alloc(0);
    const middle = start + splitPoint(end - start);
    const split = lowerBound(indices, middle, lo, hi);
    return nodeHash(walk(start, middle, lo, split), walk(middle, end, split, hi));
  };
  const root = walk(0, treeSize, 0, indices.length);
  return missing === undefined ? { kind: 'root', root } : { kind: 'missing', ...missing };
};

// The ranges an RFC 6962 inclusion proof's hashes stand for, leaf upwards (to file a remote
// server's per-event proofs into a node table).
export const inclusionProofRanges = (logIndex: number, treeSize: number): Array<Readonly<{ start: number; end: number }>> => {
  const ranges: Array<Readonly<{ start: number; end: number }>> = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const middle = start + splitPoint(end - start);
    if (logIndex < middle) {
      ranges.push({ start: middle, end });
      end = middle;
    } else {
      ranges.push({ start, end: middle });
      start = middle;
    }
  }
  return ranges.reverse();
};
