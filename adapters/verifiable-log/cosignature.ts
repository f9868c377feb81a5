// C2SP tlog-cosignature v1 with Ed25519: a witness signs `cosignature/v1\ntime <seconds>\n` followed
// by the checkpoint's note text, and adds the line `— <witness name> base64(key id ‖ timestamp (u64,
// big-endian) ‖ signature)`, key id = SHA-256(name ‖ \n ‖ 0x04 ‖ public key)[:4].
import { type KeyObject, sign, verify } from 'node:crypto';
import { type NoteVerifier, type SignedNote, cosignatureV1Type, signatureLine, verifierOf } from './signed-note.ts';

const message = (text: string, timestampSeconds: bigint): Buffer =>
  Buffer.from(`cosignature/v1\ntime ${timestampSeconds}\n${text}`, 'utf8');

// The cosignature line to append to the note (after its last signature line).
export const cosignatureLine = (text: string, name: string, privateKey: KeyObject, publicKey: KeyObject, timestampSeconds: bigint): string => {
  const verifier = verifierOf(name, publicKey, cosignatureV1Type);
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(timestampSeconds);
  return signatureLine(name, verifier.keyId, Buffer.concat([timestamp, sign(null, message(text, timestampSeconds), privateKey)]));
};

export const cosignedBy = (note: SignedNote, witness: NoteVerifier): boolean =>
  witness.type === cosignatureV1Type &&
  note.signatures.some((entry) => {
    if (entry.name !== witness.name || !entry.keyId.equals(witness.keyId) || entry.signature.length !== 72) return false;
    const timestampSeconds = entry.signature.readBigUInt64BE(0);
    return timestampSeconds < 2n ** 63n && verify(null, message(note.text, timestampSeconds), witness.publicKey, entry.signature.subarray(8));
  });

// How many distinct given witnesses cosigned the note.
export const cosignatureCount = (note: SignedNote, witnesses: ReadonlyArray<NoteVerifier>): number =>
  new Set(witnesses.filter((witness) => cosignedBy(note, witness)).map((witness) => `${witness.name}+${witness.keyId.toString('hex')}`)).size;
