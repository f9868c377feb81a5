// Does the store still hold the tree the log last signed? At start the whole signed prefix is
// re-hashed from the events (a compact range in memory, pages of the store, O(n) once); before
// each signature the stored nodes must give the signed root and the last events of the signed
// tree must still hash to their stored leaves (a bounded window: the full check is the start's
// and the auditor's `wallet-ledger verify`).
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import type { EventHashReader } from './event-hashes.ts';
import type { SignedCheckpoint } from './checkpoint-table.ts';
import { eventLeafHash } from './merkle-hash.ts';
import { type LogNodes, logNodesOver } from './log-nodes.ts';
import { rootHash } from './merkle-proofs.ts';
import { assertDense } from './log-feeder.ts';

export type Consistency = Readonly<{ kind: 'consistent' }> | Readonly<{ kind: 'inconsistent'; reason: string }>;
const consistent: Consistency = { kind: 'consistent' };

export const recentWindowSize = 1000;

// A tree that keeps only its right edge (in memory): enough for its root, O(log n) space.
const edgeOnly = () =>
  logNodesOver({
    read: () => {
      throw new Error('verifiable log: an edge-only tree reads no nodes');
    },
    leaves: () => {
      throw new Error('verifiable log: an edge-only tree reads no leaves');
    },
    size: () => 0,
    write: () => undefined,
  });

const rootOf = (size: number, signed: SignedCheckpoint, root: () => Buffer): Consistency =>
  root().equals(signed.rootHash)
    ? consistent
    : { kind: 'inconsistent', reason: `the events no longer hash to the root signed at tree size ${size}` };

// Every given checkpoint against the events, in one pass: the tree grows page by page and its root
// is compared at each checkpoint's size (smallest first). O(n) hashes once, O(log n) memory.
export const checkEventsAgainstAll = async (
  hashes: EventHashReader, signed: ReadonlyArray<SignedCheckpoint>, yieldEvery: () => Promise<void>,
): Promise<Consistency> => {
  const tree = edgeOnly();
  let after = 0n;
  for (const checkpoint of [...signed].sort((left, right) => left.treeSize - right.treeSize)) {
    while (tree.size() < checkpoint.treeSize) {
      const limit = Math.min(pageSizeMax, checkpoint.treeSize - tree.size());
      const page = await hashes(after, limit);
      if (page.length === 0) return { kind: 'inconsistent', reason: `the store holds ${tree.size()} events, fewer than the signed tree of ${checkpoint.treeSize}` };
      assertDense(page, tree.size());
      tree.append(page.map((event) => eventLeafHash(event.hash)));
      after = page.at(-1)?.position ?? after;
      await yieldEvery();
    }
    const consistency = rootOf(tree.size(), checkpoint, tree.root);
    if (consistency.kind === 'inconsistent') return consistency;
  }
  return consistent;
};

export const checkEventsAgainst = (hashes: EventHashReader, signed: SignedCheckpoint, yieldEvery: () => Promise<void>): Promise<Consistency> =>
  checkEventsAgainstAll(hashes, [signed], yieldEvery);

export const checkBeforeSigning = async (
  hashes: EventHashReader, nodes: Pick<LogNodes, 'read' | 'leaves'>, signed: SignedCheckpoint,
): Promise<Consistency> => {
  if (!rootHash(nodes.read, signed.treeSize).equals(signed.rootHash)) {
    return { kind: 'inconsistent', reason: `the log's nodes no longer give the root signed at tree size ${signed.treeSize}` };
  }
  const from = Math.max(0, signed.treeSize - recentWindowSize);
  const events = await hashes(BigInt(from), signed.treeSize - from);
  if (events.length !== signed.treeSize - from) return { kind: 'inconsistent', reason: `events of the signed tree of size ${signed.treeSize} are missing` };
  // The window's leaves in one read (not one query per leaf: this runs twice a second).
  const leaves = nodes.leaves(from, events.length);
  for (const [offset, event] of events.entries()) {
    const leaf = leaves[offset];
    if (event.position !== BigInt(from + offset + 1) || leaf === undefined || !eventLeafHash(event.hash).equals(leaf)) {
      return { kind: 'inconsistent', reason: `the event at log index ${from + offset} no longer matches the signed tree` };
    }
  }
  return consistent;
};
