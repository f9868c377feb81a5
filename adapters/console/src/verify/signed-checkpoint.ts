// A C2SP tlog-checkpoint in a signed note: `<origin>\n<size>\n<root base64>\n\n— <name> <base64(key
// id || signature)>\n`. Verified with WebCrypto Ed25519 against a key the user pinned; a note
// without a valid signature by that key is not a checkpoint at all.
import { base64ToBytes, equalBytes, utf8 } from './bytes.ts';
import type { VerifierKey } from './verifier-key.ts';

export type Checkpoint = Readonly<{ origin: string; treeSize: number; rootHash: Uint8Array }>;

export type CheckpointCheck =
  | Readonly<{ kind: 'verified'; checkpoint: Checkpoint }>
  | Readonly<{ kind: 'malformed' }>
  | Readonly<{ kind: 'not_signed_by_pinned_key' }>;

const noteLengthMax = 64 * 1024;
const signaturePrefix = '\u2014 ';

const parseBody = (body: string): Checkpoint | undefined => {
  const [origin, size, root] = body.split('\n');
  if (origin === undefined || origin === '' || size === undefined || root === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size)) return undefined;
  const treeSize = Number(size);
  const rootHash = base64ToBytes(root);
  if (!Number.isSafeInteger(treeSize) || rootHash === undefined || rootHash.length !== 32) return undefined;
  return { origin, treeSize, rootHash };
};

const verifyEd25519 = async (publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> => {
  const key = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
};

// The note's checkpoint before any check, for display only ("the server says").
export const unverifiedCheckpointOf = (note: string): Checkpoint | undefined => {
  const split = note.indexOf('\n\n');
  return split < 0 || note.length > noteLengthMax ? undefined : parseBody(note.slice(0, split));
};

export const verifyCheckpoint = async (note: string, pinned: VerifierKey): Promise<CheckpointCheck> => {
  if (note.length > noteLengthMax) return { kind: 'malformed' };
  const split = note.indexOf('\n\n');
  if (split < 0) return { kind: 'malformed' };
  // The signed text is the note's first three lines, each with its newline.
  const text = note.slice(0, split + 1);
  const checkpoint = parseBody(text.slice(0, -1));
  if (checkpoint === undefined || text.split('\n').length !== 4) return { kind: 'malformed' };
  const signatureLines = note.slice(split + 2).split('\n').filter((line) => line !== '');
  for (const line of signatureLines) {
    if (!line.startsWith(signaturePrefix)) return { kind: 'malformed' };
    const [name, encoded] = line.slice(signaturePrefix.length).split(' ');
    const bytes = encoded === undefined ? undefined : base64ToBytes(encoded);
    if (name !== pinned.name || bytes === undefined || bytes.length !== 68) continue;
    if (!equalBytes(bytes.slice(0, 4), pinned.keyId)) continue;
    if (await verifyEd25519(pinned.publicKey, bytes.slice(4), utf8(text))) return { kind: 'verified', checkpoint };
  }
  return { kind: 'not_signed_by_pinned_key' };
};
