// Prefix sums by occurredAt, for the common question "knownAt = now, any asOf", in O(log T + B).
//
// The structure is a sparse binary trie over the millisecond time line [0, 2^48) (the ledger's
// instants, years 1970..9998, fit): node (level, index) covers [index * 2^level, (index + 1) *
// 2^level) and holds the count and both sums of the account's points in that range. A node with at
// most `leafPointsMax` (B) points is a leaf: its children are not kept and a query scans its
// points (one index range of at most B rows). A node with more has both children kept, always.
// - insert: walk from the root to the leaf containing the point, adding the point to every node on
//   the way (at most 49 nodes, never more however late the point arrives: a late arrival costs
//   the same as an in-order one). When a leaf grows past B it is split once by two range sums.
// - prefix(asOf): walk down to the leaf containing asOf, adding the left sibling each time the
//   walk goes right, then scan that leaf up to asOf: at most 2 * 48 node reads plus B points.
// A level-0 node (one millisecond) is never split: asOf has millisecond precision, so its points
// are counted all together or not at all.
// Pure algorithm over a storage port; memory and SQLite supply the storage.
import { type Point, type Sums, addSums, noSums, sumsOf } from './balance-points.ts';

export const rootLevel = 48;
export const timeLineEndMs = 2 ** rootLevel;

export interface TrieStorage {
  node(level: number, index: number): Sums | undefined;
  setNode(level: number, index: number, sums: Sums): void;
  // The sums of the account's stored points with fromMs <= occurredMs <= toMs.
  sumOccurred(fromMs: number, toMs: number): Sums;
}

const startOf = (level: number, index: number): number => index * 2 ** level;
const lastOf = (level: number, index: number): number => (index + 1) * 2 ** level - 1;

const splitLeaf = (storage: TrieStorage, level: number, index: number, leafPointsMax: number): void => {
  const childLevel = level - 1;
  for (const child of [2 * index, 2 * index + 1]) {
    const sums = storage.sumOccurred(startOf(childLevel, child), lastOf(childLevel, child));
    if (sums.count === 0) continue;
    storage.setNode(childLevel, child, sums);
    // All points may sit in one half: split again, at most rootLevel times in all.
    if (sums.count > leafPointsMax && childLevel > 0) splitLeaf(storage, childLevel, child, leafPointsMax);
  }
};

export const assertOnTimeLine = (occurredMs: number): void => {
  if (occurredMs < 0 || occurredMs >= timeLineEndMs) throw new RangeError(`trie: ${occurredMs} off the time line`);
};

// Call after the point itself is stored, so that sumOccurred sees it.
export const trieInsert = (storage: TrieStorage, point: Point, leafPointsMax: number): void => {
  assertOnTimeLine(point.occurredMs);
  const delta = sumsOf(point);
  let level = rootLevel;
  let index = 0;
  for (;;) {
    const before = storage.node(level, index) ?? noSums;
    storage.setNode(level, index, addSums(before, delta));
    if (before.count + 1 <= leafPointsMax || level === 0) return;
    if (before.count <= leafPointsMax) {
      splitLeaf(storage, level, index, leafPointsMax);
      return;
    }
    level -= 1;
    index = Math.floor(point.occurredMs / 2 ** level);
  }
};

// The sums of every point with occurredMs <= asOfMs.
export const triePrefix = (storage: TrieStorage, asOfMs: number, leafPointsMax: number): Sums => {
  if (asOfMs < 0) return noSums;
  if (asOfMs >= timeLineEndMs) return storage.node(rootLevel, 0) ?? noSums;
  let level = rootLevel;
  let index = 0;
  let sums = noSums;
  for (;;) {
    const node = storage.node(level, index);
    if (node === undefined) return sums;
    if (level === 0) return addSums(sums, node);
    if (node.count <= leafPointsMax) return addSums(sums, storage.sumOccurred(startOf(level, index), asOfMs));
    level -= 1;
    const right = 2 * index + 1;
    if (asOfMs >= startOf(level, right)) {
      sums = addSums(sums, storage.node(level, 2 * index) ?? noSums);
      index = right;
    } else {
      index = 2 * index;
    }
  }
};
