// Every signed checkpoint, kept so that any of them can be served again and proven consistent
// with the latest. In memory for the memory store; in the SQLite event store's own file
// (sqlite-log-tables.ts) otherwise, because a lost signed checkpoint cannot be re-created.
import type { Hash } from './merkle-hash.ts';

export type SignedCheckpoint = Readonly<{ treeSize: number; rootHash: Hash; note: string; signedAt: string }>;

export type CheckpointTable = Readonly<{
  latest: () => SignedCheckpoint | undefined;
  at: (treeSize: number) => SignedCheckpoint | undefined;
  add: (checkpoint: SignedCheckpoint) => void;
}>;

export const memoryCheckpointTable = (): CheckpointTable => {
  const bySize = new Map<number, SignedCheckpoint>();
  let latest: SignedCheckpoint | undefined;
  return {
    latest: () => latest,
    at: (treeSize) => bySize.get(treeSize),
    add: (checkpoint) => {
      if (bySize.has(checkpoint.treeSize)) return;
      bySize.set(checkpoint.treeSize, checkpoint);
      if (latest === undefined || checkpoint.treeSize > latest.treeSize) latest = checkpoint;
    },
  };
};
