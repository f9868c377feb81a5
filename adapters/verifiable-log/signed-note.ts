// C2SP signed-note with Ed25519 (https://c2sp.org/signed-note): a note text, a blank line, then
// signature lines `— <key name> base64(key id ‖ signature)`. Key id = SHA-256(name ‖ \n ‖ type ‖
// public key)[:4], type 0x01 for a plain Ed25519 note signature, 0x04 for a tlog-cosignature/v1.
// A verifier key is `<name>+<key id hex>+<base64(type ‖ public key)>` (Go's sumdb/note format).
import { type KeyObject, createHash, createPublicKey, sign, verify } from 'node:crypto';

export const ed25519SignatureType = 0x01;
export const cosignatureV1Type = 0x04;

export type NoteVerifier = Readonly<{ name: string; keyId: Buffer; type: number; publicKey: KeyObject; rawPublicKey: Buffer }>;
export type NoteSignature = Readonly<{ name: string; keyId: Buffer; signature: Buffer }>;
export type SignedNote = Readonly<{ text: string; signatures: ReadonlyArray<NoteSignature> }>;

const keyNamePattern = /^[\x21-\x7e]{1,100}$/;
export const isKeyName = (name: string): boolean => keyNamePattern.test(name) && !name.includes('+');

export const rawEd25519PublicKey = (key: KeyObject): Buffer => {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('signed note: not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
};

export const ed25519PublicKeyFromRaw = (raw: Buffer): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });

export const keyIdOf = (name: string, type: number, rawPublicKey: Buffer): Buffer =>
  createHash('sha256').update(name, 'utf8').update('\n').update(Buffer.from([type])).update(rawPublicKey).digest().subarray(0, 4);

export const verifierOf = (name: string, publicKey: KeyObject, type = ed25519SignatureType): NoteVerifier => {
  const rawPublicKey = rawEd25519PublicKey(publicKey);
  return { name, keyId: keyIdOf(name, type, rawPublicKey), type, publicKey, rawPublicKey };
};

export const formatVerifierKey = (verifier: NoteVerifier): string =>
  `${verifier.name}+${verifier.keyId.toString('hex')}+${Buffer.concat([Buffer.from([verifier.type]), verifier.rawPublicKey]).toString('base64')}`;

// undefined when the text is not a verifier key of an Ed25519 type this code knows.
export const parseVerifierKey = (text: string): NoteVerifier | undefined => {
  // The base64 key itself may hold '+': only the first two separate fields.
  const match = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  const [, name, keyIdHex, keyBase64] = match ?? [];
  if (name === undefined || keyIdHex === undefined || keyBase64 === undefined || !isKeyName(name)) return undefined;
  const key = Buffer.from(keyBase64, 'base64');
  const type = key[0];
  if (key.length !== 33 || (type !== ed25519SignatureType && type !== cosignatureV1Type)) return undefined;
  const rawPublicKey = key.subarray(1);
  const keyId = keyIdOf(name, type, rawPublicKey);
  if (keyId.toString('hex') !== keyIdHex) return undefined;
  try {
    return { name, keyId, type, publicKey: ed25519PublicKeyFromRaw(rawPublicKey), rawPublicKey };
  } catch {
    return undefined;
  }
};

export const signatureLine = (name: string, keyId: Buffer, signature: Buffer): string =>
  `— ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;

export const signNote = (text: string, name: string, privateKey: KeyObject, publicKey: KeyObject): string => {
  const verifier = verifierOf(name, publicKey);
  return `${text}\n${signatureLine(name, verifier.keyId, sign(null, Buffer.from(text, 'utf8'), privateKey))}`;
};

const signatureLinePattern = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/;
export const noteSizeMax = 16_384;

// Splits a note into its text and signature lines; undefined when it is not a signed note.
export const parseSignedNote = (note: string): SignedNote | undefined => {
  if (note.length > noteSizeMax || !note.endsWith('\n')) return undefined;
  const split = note.lastIndexOf('\n\n', note.length - 2);
  if (split < 0) return undefined;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const match = signatureLinePattern.exec(line);
    const name = match?.[1];
    const bytes = match?.[2] === undefined ? undefined : Buffer.from(match[2], 'base64');
    if (name === undefined || bytes === undefined || bytes.length < 5) return undefined;
    signatures.push({ name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  return signatures.length === 0 ? undefined : { text, signatures };
};

// True when one of the note's signatures is the verifier's and is valid over the text.
export const noteSignedBy = (note: SignedNote, verifier: NoteVerifier): boolean =>
  note.signatures.some(
    (entry) => entry.name === verifier.name && entry.keyId.equals(verifier.keyId) && entry.signature.length === 64 &&
      verify(null, Buffer.from(note.text, 'utf8'), verifier.publicKey, entry.signature),
  );
