// The events of the log's checkpoint stream on EventStoreDB (eventstoredb-log-checkpoints.ts):
// its first event records the origin the log signs under, every later one a signed checkpoint.
// Read back through io-ts; a checkpoint must be what its note says, signed by the log's key.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { parseCheckpointText } from './checkpoint.ts';
import type { SignedCheckpoint } from './checkpoint-table.ts';
import { hashSizeBytes } from './merkle-hash.ts';
import { type NoteVerifier, noteSignedBy, parseSignedNote } from './signed-note.ts';

export const logOriginRecordedType = 'LogOriginRecorded';
export const logCheckpointSignedType = 'LogCheckpointSigned';

export const LogOriginRecorded = t.exact(t.type({ origin: t.string }), 'LogOriginRecorded');
export const LogCheckpointSigned = t.exact(
  t.type({ treeSize: t.number, rootHash: t.string, note: t.string, signedAt: t.string }), 'LogCheckpointSigned',
);

export const checkpointEventData = ({ treeSize, rootHash, note, signedAt }: SignedCheckpoint): t.TypeOf<typeof LogCheckpointSigned> =>
  ({ treeSize, rootHash: rootHash.toString('base64'), note, signedAt });

export type DecodedLogEvent =
  | Readonly<{ kind: 'origin'; origin: string }>
  | Readonly<{ kind: 'checkpoint'; checkpoint: SignedCheckpoint }>
  // foreignKey: a checkpoint another key signed (an instance configured with another key file).
  | Readonly<{ kind: 'refused'; reason: string; foreignKey: boolean }>;

const refused = (revision: bigint, why: string, foreignKey = false): DecodedLogEvent =>
  ({ kind: 'refused', reason: `checkpoint stream event ${revision}: ${why}`, foreignKey });

// `origin` and `verifier` are the log's: a checkpoint of another origin or key is refused.
export const decodeLogEvent = (
  type: string, data: unknown, revision: bigint, origin: string | undefined, verifier: NoteVerifier | undefined,
): DecodedLogEvent => {
  if (type === logOriginRecordedType && revision === 0n) {
    const decoded = LogOriginRecorded.decode(data);
    return isLeft(decoded) ? refused(revision, PathReporter.report(decoded).join('; ')) : { kind: 'origin', origin: decoded.right.origin };
  }
  if (type !== logCheckpointSignedType || revision === 0n) return refused(revision, `unexpected event type ${type.slice(0, 60)}`);
  const decoded = LogCheckpointSigned.decode(data);
  if (isLeft(decoded)) return refused(revision, PathReporter.report(decoded).join('; '));
  const { treeSize, rootHash, note, signedAt } = decoded.right;
  const signed = parseSignedNote(note);
  const body = parseCheckpointText(signed?.text ?? '');
  const root = Buffer.from(rootHash, 'base64');
  if (signed === undefined || body === undefined || body.treeSize !== treeSize || !body.rootHash.equals(root) || root.length !== hashSizeBytes) {
    return refused(revision, 'the note is not the checkpoint it is stored as');
  }
  if (body.origin !== origin) return refused(revision, `signed under origin "${body.origin.slice(0, 100)}", not the log's`);
  if (verifier === undefined || !noteSignedBy(signed, verifier)) return refused(revision, "not signed by this log's key (every instance must use the one LEDGER_SIGNING_KEY_FILE)", true);
  return { kind: 'checkpoint', checkpoint: { treeSize, rootHash: root, note, signedAt } };
};
