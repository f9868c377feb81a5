// The log's Ed25519 signing key: from LEDGER_SIGNING_KEY_FILE (PKCS#8 PEM), or, on the SQLite
// store, generated once into a file beside the store and kept (mode 0600). The private key is
// never printed or logged; only its verifier key is.
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type SigningKey = Readonly<{ privateKey: KeyObject; publicKey: KeyObject }>;
export type SigningKeySource = Readonly<{ kind: 'file'; path: string }> | Readonly<{ kind: 'beside_store'; path: string }> | Readonly<{ kind: 'ephemeral' }>;

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

const keyFileSizeMax = 16_384;

const fromPem = (pem: string, path: string): SigningKey => {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new SigningKeyError(`signing key ${path} is not a PKCS#8 PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`signing key ${path} is not an Ed25519 key`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};

const readKeyFile = (path: string): SigningKey => {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new SigningKeyError(`signing key ${path} cannot be read`);
  }
  if (pem.length > keyFileSizeMax) throw new SigningKeyError(`signing key ${path} is larger than ${keyFileSizeMax} bytes`);
  return fromPem(pem, path);
};

export const generateSigningKey = (): SigningKey => generateKeyPairSync('ed25519');

export const signingKeyPem = (key: SigningKey): string => String(key.privateKey.export({ format: 'pem', type: 'pkcs8' }));

// The file a SQLite store's generated key is kept in.
export const keyFileBesideStore = (storePath: string): string => `${storePath}.signing-key.pem`;

export const loadSigningKey = (source: SigningKeySource): SigningKey => {
  switch (source.kind) {
    case 'file':
      return readKeyFile(source.path);
    case 'beside_store': {
      if (existsSync(source.path)) return readKeyFile(source.path);
      const key = generateSigningKey();
      try {
        // wx: never overwrite a key another process wrote meanwhile; read theirs instead.
        writeFileSync(source.path, signingKeyPem(key), { mode: 0o600, flag: 'wx' });
      } catch {
        return readKeyFile(source.path);
      }
      return key;
    }
    case 'ephemeral':
      return generateSigningKey();
    default: {
      const unreachable: never = source;
      throw new Error(`signing key: unknown source ${String(unreachable)}`);
    }
  }
};
