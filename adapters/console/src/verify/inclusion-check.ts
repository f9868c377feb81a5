// Is this event in the latest checkpoint the pinned key signed? Fetches the checkpoint and the
// RFC 6962 audit path from the public API and checks both in the browser.
import type { Answer } from '../api/answer.ts';
import { callJson, callText, query } from '../api/client.ts';
import { InclusionProof } from '../api/wire.ts';
import { base64ToBytes, hexToBytes } from './bytes.ts';
import { leafHash, verifyInclusion } from './merkle.ts';
import { verifyCheckpoint } from './signed-checkpoint.ts';
import type { VerifierKey } from './verifier-key.ts';

export type InclusionResult =
  | Readonly<{ kind: 'included'; treeSize: number }>
  | Readonly<{ kind: 'not_yet_checkpointed'; treeSize: number }>
  | Readonly<{ kind: 'unavailable' }>
  | Readonly<{ kind: 'invalid'; reason: string }>;

export const checkpointPath = '/v1/log/checkpoint';

const unavailableOrInvalid = (answer: Exclude<Answer<unknown>, { kind: 'ok' }>, what: string): InclusionResult =>
  answer.kind === 'unavailable' ? { kind: 'unavailable' } : { kind: 'invalid', reason: `${what}: ${answer.kind === 'refused' || answer.kind === 'failed' ? answer.message : ''}` };

export const checkInclusion = async (event: Readonly<{ logIndex: number; hash: string }>, pinned: VerifierKey): Promise<InclusionResult> => {
  const note = await callText(checkpointPath, { accept: 'text/plain', feature: 'GET /v1/log/checkpoint' });
  if (note.kind !== 'ok') return unavailableOrInvalid(note, 'checkpoint');
  const checked = await verifyCheckpoint(note.value, pinned);
  if (checked.kind === 'malformed') return { kind: 'invalid', reason: 'the checkpoint is malformed' };
  if (checked.kind === 'not_signed_by_pinned_key') return { kind: 'invalid', reason: 'the checkpoint is not signed by your pinned key' };
  const { treeSize, rootHash } = checked.checkpoint;
  if (event.logIndex >= treeSize) return { kind: 'not_yet_checkpointed', treeSize };
  const proof = await callJson(InclusionProof, `/v1/log/proofs/inclusion${query({ logIndex: String(event.logIndex), treeSize: String(treeSize) })}`, {
    feature: 'GET /v1/log/proofs/inclusion',
  });
  if (proof.kind !== 'ok') return unavailableOrInvalid(proof, 'inclusion proof');
  const hashes = proof.value.hashes.map(base64ToBytes);
  const eventHash = hexToBytes(event.hash);
  if (eventHash === undefined || hashes.some((hash) => hash === undefined || hash.length !== 32)) {
    return { kind: 'invalid', reason: 'the proof or the event hash is malformed' };
  }
  const leaf = await leafHash(eventHash);
  const included = await verifyInclusion(event.logIndex, treeSize, leaf, hashes.filter((hash) => hash !== undefined), rootHash);
  return included ? { kind: 'included', treeSize } : { kind: 'invalid', reason: 'the proof does not lead to the signed root' };
};
