// The log's stored nodes: every perfect subtree, (level, index) → hash, written as leaves are
// appended. The right edge of the tree (one pending node per level, the "compact range") stays in
// memory, so an append of one leaf hashes and writes about two nodes and reads none.
import { type Hash, emptyRootHash, nodeHash } from './merkle-hash.ts';
import type { NodeKey, SubtreeReader } from './merkle-proofs.ts';

export type StoredNode = Readonly<{ level: number; index: number; hash: Hash }>;

// Where nodes are kept: the SQLite file (sqlite-log-nodes.ts) or memory.
export type NodeTable = Readonly<{
  read: SubtreeReader;
  // Reads the nodes named (a proof's: tens of them) in one query, for a reader of them (SQLite;
  // memory reads one at a time cost nothing).
  readMany?: (keys: ReadonlyArray<NodeKey>) => SubtreeReader;
  // The stored leaves from index `from`, at most `count` of them, in order (one read for a range).
  leaves: (from: number, count: number) => ReadonlyArray<Hash>;
  // How many leaves are stored.
  size: () => number;
  // Writes nodes atomically: all of a batch of leaves, or none.
  write: (nodes: ReadonlyArray<StoredNode>) => void;
}>;

export type LogNodes = Readonly<{
  size: () => number;
  // The root of all the leaves so far, from the right edge alone (no reads).
  root: () => Hash;
  append: (leaves: ReadonlyArray<Hash>) => void;
  read: SubtreeReader;
  readMany?: NodeTable['readMany'];
  leaves: NodeTable['leaves'];
}>;

// The perfect subtrees of the first `size` leaves, largest first: the right edge to continue from.
const rightEdge = (read: SubtreeReader, size: number): Array<StoredNode> => {
  const edge: StoredNode[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level -= 1) {
    const width = 2 ** level;
    if (size - start >= width) {
      edge.push({ level, index: start / width, hash: read(level, start / width) });
      start += width;
    }
  }
  return edge;
};

export const logNodesOver = (table: NodeTable): LogNodes => {
  let size = table.size();
  const edge = rightEdge(table.read, size);
  return {
    size: () => size,
    root: () => edge.reduceRight<Hash | undefined>((right, node) => (right === undefined ? node.hash : nodeHash(node.hash, right)), undefined) ?? emptyRootHash(),
    read: table.read,
    ...(table.readMany === undefined ? {} : { readMany: table.readMany }),
    leaves: table.leaves,
    append: (leaves) => {
      const written: StoredNode[] = [];
      const pending = [...edge];
      let next = size;
      for (const leaf of leaves) {
        let node: StoredNode = { level: 0, index: next, hash: leaf };
        written.push(node);
        // A right child completes its parent; carry upwards while it does.
        while (node.index % 2 === 1) {
          const left = pending.pop();
          if (left === undefined || left.level !== node.level || left.index !== node.index - 1) {
            throw new Error('verifiable log: the right edge does not match the tree size');
          }
          node = { level: node.level + 1, index: (node.index - 1) / 2, hash: nodeHash(left.hash, node.hash) };
          written.push(node);
        }
        pending.push(node);
        next += 1;
      }
      table.write(written);
      edge.splice(0, edge.length, ...pending);
      size = next;
    },
  };
};

export const memoryNodeTable = (): NodeTable => {
  const levels: Hash[][] = [];
  return {
    read: (level, index) => {
      const hash = levels[level]?.[index];
      if (hash === undefined) throw new RangeError(`verifiable log: no node (${level}, ${index})`);
      return hash;
    },
    leaves: (from, count) => (levels[0] ?? []).slice(from, from + count),
    size: () => levels[0]?.length ?? 0,
    write: (nodes) => {
      for (const { level, index, hash } of nodes) {
        const row = levels[level] ?? [];
        row[index] = hash;
        levels[level] = row;
      }
    },
  };
};
