// A small signed log for the HTTP tests: four leaves, checkpoints signed at sizes 2 and 4 by a
// fresh key, answered by the same code the server uses (nodes, proofs, signed notes).
import type { LogQueries } from '../../../adapters/http/app-deps.ts';
import { checkpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import { memoryCheckpointTable } from '../../../adapters/verifiable-log/checkpoint-table.ts';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';
import { leafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { consistencyProof, inclusionProof, rootHash } from '../../../adapters/verifiable-log/merkle-proofs.ts';
import { formatVerifierKey, signNote, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';

export const testLogOrigin = 'ledger.example/http-test';

export const signedTestLog = (): LogQueries => {
  const key = generateSigningKey();
  const nodes = logNodesOver(memoryNodeTable());
  const checkpoints = memoryCheckpointTable();
  for (const size of [2, 4]) {
    nodes.append(Array.from({ length: size - nodes.size() }, (_, offset) => leafHash(Buffer.from([nodes.size() + offset]))));
    const root = rootHash(nodes.read, size);
    const note = signNote(checkpointText({ origin: testLogOrigin, treeSize: size, rootHash: root }), testLogOrigin, key.privateKey, key.publicKey);
    checkpoints.add({ treeSize: size, rootHash: root, note, signedAt: '2024-05-01T12:00:00.000Z' });
  }
  return {
    origin: testLogOrigin,
    verifierKey: formatVerifierKey(verifierOf(testLogOrigin, key.publicKey)),
    latest: checkpoints.latest,
    checkpointAt: checkpoints.at,
    inclusion: (logIndex, treeSize) => inclusionProof(nodes.read, logIndex, treeSize),
    consistency: (from, to) => consistencyProof(nodes.read, from, to),
    logIndexOf: (position) => Number(position) - 1,
  };
};
