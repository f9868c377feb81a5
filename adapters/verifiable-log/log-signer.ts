// Signs the log's next checkpoint: never a tree inconsistent with the last signed one. Before
// every signature the last checkpoint must still hold (its root from the nodes, the recent events
// against their leaves: log-consistency.ts) and the new tree must prove consistent with it. With
// shared checkpoints (EventStoreDB) the stream is read first and a signed checkpoint is published
// there; a lost race is recovered by checking the winner's checkpoint against this tree.
import type { Clock } from '../event-store/recorded-at.ts';
import { checkpointText } from './checkpoint.ts';
import type { CheckpointTable, SignedCheckpoint } from './checkpoint-table.ts';
import type { EventHashReader } from './event-hashes.ts';
import type { SharedCheckpoints } from './eventstoredb-log-checkpoints.ts';
import { type Consistency, checkBeforeSigning } from './log-consistency.ts';
import type { LogNodes } from './log-nodes.ts';
import { consistencyProof, rootHash } from './merkle-proofs.ts';
import { verifyConsistency } from './merkle-verify.ts';
import { signNote } from './signed-note.ts';
import type { SigningKey } from './signing-key.ts';

export type LogSignerOptions = Readonly<{
  nodes: LogNodes;
  hashes: EventHashReader;
  checkpoints: CheckpointTable;
  shared?: Pick<SharedCheckpoints, 'refresh' | 'publish'>;
  key: SigningKey;
  origin: string;
  clock: Clock;
  // Records a refusal (the log's status, said loudly).
  refuse: (consistency: Consistency) => void;
  isConsistent: () => boolean;
}>;

// Answers the checkpoint signed (or the winner's of a lost race, when of the same size), or undefined.
export const createLogSigner = (options: LogSignerOptions): (() => Promise<SignedCheckpoint | undefined>) => {
  const { nodes, hashes, checkpoints, shared, key, origin, clock, refuse } = options;
  // The signed tree of `signed` must still be this log's (its nodes and the recent events). Before
  // every signature; and once for a checkpoint another instance signed while this one signs none.
  let checkedSize = -1;
  const stillHolds = async (signed: SignedCheckpoint): Promise<boolean> => {
    const check = await checkBeforeSigning(hashes, nodes, signed);
    if (check.kind === 'inconsistent') {
      refuse(check);
      return false;
    }
    checkedSize = signed.treeSize;
    return true;
  };

  const publish = async (checkpoint: SignedCheckpoint): Promise<SignedCheckpoint | undefined> => {
    if (shared === undefined) {
      checkpoints.add(checkpoint);
      return checkpoint;
    }
    if ((await shared.publish(checkpoint)) === 'published') {
      // Just checked against the last one and signed from these nodes: no second check when idle.
      checkedSize = checkpoint.treeSize;
      return checkpoint;
    }
    // Another instance appended first: its checkpoint is checked against this tree now.
    const winner = checkpoints.latest();
    if (winner === undefined || winner.treeSize > nodes.size()) return undefined;
    return (await stillHolds(winner)) && winner.treeSize === checkpoint.treeSize ? winner : undefined;
  };

  const sign = async (): Promise<SignedCheckpoint | undefined> => {
    if (!options.isConsistent()) return undefined;
    const refusal = await shared?.refresh();
    if (refusal !== undefined) return void refuse({ kind: 'inconsistent', reason: refusal });
    const treeSize = nodes.size();
    const last = checkpoints.latest();
    // A checkpoint another instance signed past this tree is checked once this tree reaches it.
    if (last !== undefined && last.treeSize > treeSize) return undefined;
    if (treeSize === 0 || treeSize === last?.treeSize) {
      if (last !== undefined && last.treeSize !== checkedSize) await stillHolds(last);
      return undefined;
    }
    if (last !== undefined && !(await stillHolds(last))) return undefined;
    const root = rootHash(nodes.read, treeSize);
    // Pair assertion: the tree about to be signed must prove consistent with the last signed one.
    if (last !== undefined && !verifyConsistency(last.treeSize, treeSize, last.rootHash, root, consistencyProof(nodes.read, last.treeSize, treeSize))) {
      return void refuse({ kind: 'inconsistent', reason: `tree size ${treeSize} does not prove consistent with the signed size ${last.treeSize}` });
    }
    const note = signNote(checkpointText({ origin, treeSize, rootHash: root }), origin, key.privateKey, key.publicKey);
    return publish({ treeSize, rootHash: root, note, signedAt: clock.now().toISOString() });
  };

  return sign;
};
