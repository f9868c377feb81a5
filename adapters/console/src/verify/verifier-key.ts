// The log's verifier key in the Go sumdb/note format: `<name>+<key id, 8 hex>+<base64(0x01 || 32-byte
// Ed25519 public key)>`, key id = the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
// Parsing checks the key id, so a mistyped key is refused rather than failing every signature.
import { base64ToBytes, bytesToHex, equalBytes, sha256, utf8 } from './bytes.ts';

export type VerifierKey = Readonly<{ text: string; name: string; keyId: Uint8Array; publicKey: Uint8Array }>;

const ed25519Algorithm = 1;
const verifierKeyLengthMax = 512;

export const keyIdOf = async (name: string, publicKey: Uint8Array): Promise<Uint8Array> =>
  (await sha256(utf8(name), utf8('\n'), Uint8Array.of(ed25519Algorithm), publicKey)).slice(0, 4);

export const parseVerifierKey = async (input: string): Promise<VerifierKey | undefined> => {
  const text = input.trim();
  if (text.length > verifierKeyLengthMax) return undefined;
  // The key data is standard base64, which may itself contain '+': split at the first two only
  // (names contain no '+', as in Go's sumdb/note).
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
  if (match === null) return undefined;
  const [, name = '', keyIdHex = '', encoded = ''] = match;
  const bytes = base64ToBytes(encoded);
  if (bytes === undefined || bytes.length !== 33 || bytes[0] !== ed25519Algorithm) return undefined;
  const publicKey = bytes.slice(1);
  const keyId = await keyIdOf(name, publicKey);
  if (bytesToHex(keyId) !== keyIdHex) return undefined;
  return { text, name, keyId, publicKey };
};

// What a person compares out of band (with the key the operator printed at start): SHA-256 of
// the public key, in groups of four hex digits.
export const fingerprintOf = async (key: VerifierKey): Promise<string> =>
  (bytesToHex(await sha256(key.publicKey)).match(/.{4}/g) ?? []).join(' ');

export const sameKey = (a: VerifierKey, b: VerifierKey): boolean => a.name === b.name && equalBytes(a.publicKey, b.publicKey);
