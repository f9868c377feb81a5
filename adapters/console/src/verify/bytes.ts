// Byte helpers for the log's formats (hex event hashes, base64 std hashes and signatures). Plain
// functions over Uint8Array so they run the same in the browser and in Node's tests.
export const hexToBytes = (hex: string): Uint8Array | undefined => {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
};

export const bytesToHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

export const base64ToBytes = (text: string): Uint8Array | undefined => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const binary = atob(text);
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
};

export const bytesToBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

export const concatBytes = (...parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
};

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

export const sha256 = async (...parts: ReadonlyArray<Uint8Array>): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', concatBytes(...parts) as Uint8Array<ArrayBuffer>));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
