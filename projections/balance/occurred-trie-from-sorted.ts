// Builds the trie of occurred-trie.ts in one pass over an account's points in occurredAt order,
// for a bulk rebuild: the same nodes with the same sums as inserting the points one by one, in any
// order. The final trie depends only on the final set of points: a node is kept when it has points
// and its parent has more than B (leafPointsMax) points at a level above 0 (the root always), since
// counts only grow and a node is split exactly once, when it passes B. "More than B" is closed
// upwards (a parent holds at least its child's points), so a node's fate is known when it closes:
// - split (level > 0, count > B): its parent is split too, so it is kept, and so are its children;
// - not split: its children are dropped; it waits at its parent, kept if the parent splits.
// Memory: one open node and at most two waiting children per level (O(rootLevel)), whatever the
// number of points. A node's sums are the running totals at its close minus those at its open.
import type { Sums } from './balance-points.ts';
import { rootLevel, timeLineEndMs } from './occurred-trie.ts';

// The points of one millisecond, added together (a level-0 node is never split, so they are
// kept or dropped together).
export type MillisecondSums = Readonly<{ occurredMs: number; count: number; ledger: bigint; corrected: bigint }>;
export type TrieNode = Readonly<{ level: number; index: number; sums: Sums }>;

// A closed node: its sums are the running totals between its open and its close.
type Waiting = Readonly<{
  level: number; index: number; count: number; fromLedger: bigint; toLedger: bigint; fromCorrected: bigint; toCorrected: bigint;
}>;

const spans: ReadonlyArray<number> = Array.from({ length: rootLevel + 1 }, (_, level) => 2 ** level);
const indexAt = (level: number, occurredMs: number): number => Math.floor(occurredMs / (spans[level] ?? 1));

// emit receives every node of the trie once, in no particular order.
export const trieFromSorted = (
  rows: Iterable<MillisecondSums>, leafPointsMax: number, emit: (node: TrieNode) => void,
): void => {
  // Per level: the open node's index (-1: none) and the running totals when it opened (plain
  // arrays: this loop runs for every level a row moves to a new node, millions of times).
  const openIndex = new Array<number>(rootLevel + 1).fill(-1);
  const openCount = new Array<number>(rootLevel + 1).fill(0);
  const openLedger = new Array<bigint>(rootLevel + 1).fill(0n);
  const openCorrected = new Array<bigint>(rootLevel + 1).fill(0n);
  const waiting: Waiting[][] = Array.from({ length: rootLevel + 1 }, () => []);
  let count = 0;
  let ledger = 0n;
  let corrected = 0n;
  const emitWaiting = (node: Waiting): void => emit({
    level: node.level, index: node.index,
    sums: { count: node.count, ledger: node.toLedger - node.fromLedger, corrected: node.toCorrected - node.fromCorrected },
  });

  // chain: the node holds the last row alone and is not in the arrays (see chainTop below).
  const close = (level: number, chain: boolean): void => {
    const index = chain ? indexAt(level, lastMs) : (openIndex[level] ?? -1);
    if (index < 0) return;
    openIndex[level] = -1;
    const opened = chain ? before : { count: openCount[level] ?? 0, ledger: openLedger[level] ?? 0n, corrected: openCorrected[level] ?? 0n };
    const nodeCount = count - opened.count;
    const split = level > 0 && nodeCount > leafPointsMax;
    const below = waiting[level] ?? [];
    if (below.length > 0) waiting[level] = [];
    // Most nodes hold a few points under a parent that never splits: their sums are only
    // subtracted (bigint allocations) once they are kept.
    const node: Waiting = {
      level, index, count: nodeCount,
      fromLedger: opened.ledger, toLedger: ledger, fromCorrected: opened.corrected, toCorrected: corrected,
    };
    if (split || level === rootLevel) emitWaiting(node);
    if (split) for (const child of below) emitWaiting(child);
    else waiting[level + 1]?.push(node);
  };

  // Levels [0, chainTop) hold the last row alone and are kept out of the arrays: with points far
  // apart in time that is most levels, and each would cost a node object per row. Only when a next
  // row shares one of their nodes (or the last row alone is more than B points) are they written.
  let chainTop = 0;
  let lastMs = -1;
  let lastCount = 0;
  let before = { count: 0, ledger: 0n, corrected: 0n };
  const materialize = (from: number, to: number): void => {
    for (let level = from; level < to; level += 1) {
      openIndex[level] = indexAt(level, lastMs);
      openCount[level] = before.count;
      openLedger[level] = before.ledger;
      openCorrected[level] = before.corrected;
    }
  };
  // Closes levels [0, changed): the nodes the next row does not share with the last one.
  const closeBelow = (changed: number): void => {
    if (lastCount > leafPointsMax) {
      materialize(0, chainTop);
      chainTop = 0;
    }
    const chainClosed = Math.min(changed, chainTop);
    // The chain's nodes are not split (at most B points): only its top one can be kept, by its parent.
    if (chainClosed > 0) close(chainClosed - 1, true);
    materialize(changed, chainTop);
    for (let level = chainClosed; level < changed; level += 1) close(level, false);
  };

  for (const row of rows) {
    if (row.occurredMs <= lastMs) throw new Error(`trie build: points not in occurredAt order at ${row.occurredMs}`);
    if (row.occurredMs < 0 || row.occurredMs >= timeLineEndMs) throw new RangeError(`trie: ${row.occurredMs} off the time line`);
    // Every open node holds the last row: the levels whose node changes are 0..changed-1.
    let changed = 0;
    while (changed <= rootLevel && (lastMs < 0 || indexAt(changed, row.occurredMs) !== indexAt(changed, lastMs))) changed += 1;
    if (lastMs >= 0) closeBelow(changed);
    chainTop = changed;
    lastMs = row.occurredMs;
    lastCount = row.count;
    before = { count, ledger, corrected };
    count += row.count;
    ledger += row.ledger;
    corrected += row.corrected;
  }
  if (lastMs >= 0) closeBelow(rootLevel + 1);
};
