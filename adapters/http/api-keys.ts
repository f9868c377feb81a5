// Bearer keys by role. Keys are compared in constant time: the presented key and every configured
// key are hashed to 32 bytes (so lengths never differ) and every configured key is compared, so
// the answer's timing says nothing about how much of a key was right or which role matched.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Either, left, right } from 'fp-ts/lib/Either.js';

export const roles = ['payments', 'auditor', 'finance', 'admin'] as const;
export type Role = (typeof roles)[number];

// A name (role:name:key entries) says whose key it is; events record the key id, never the key.
export type ApiKey = Readonly<{ role: Role; key: string; name?: string }>;
// Who called: the key's role and key id. A later step adds the key's tenant here (docs/security.md).
export type Caller = Readonly<{ role: Role; keyId: string }>;

const isRole = (value: string): value is Role => (roles as ReadonlyArray<string>).includes(value);
const keyPattern = /^[A-Za-z0-9\-_.~+/=]{8,256}$/;
const namePattern = /^[A-Za-z0-9\-_.]{1,64}$/;
export const apiKeysMax = 64;

// The contract's key id: `role:name`, or for an unnamed key `role:` and the first 8 hex digits of
// a domain-separated digest, used for nothing else (the key ring compares plain SHA-256 digests:
// publishing a prefix of those would help nobody, but keeping the two apart costs nothing).
export const keyIdOf = (apiKey: ApiKey): string =>
  apiKey.name !== undefined
    ? `${apiKey.role}:${apiKey.name}`
    : `${apiKey.role}:${createHash('sha256').update(`wallet-ledger key id\n${apiKey.key}`, 'utf8').digest('hex').slice(0, 8)}`;

const parseEntry = (entry: string): Either<string, ApiKey> => {
  const parts = entry.split(':');
  const [role = '', ...rest] = parts;
  if (parts.length < 2 || !isRole(role)) return left(`LEDGER_API_KEYS: "${role || entry}" is not a role (${roles.join(', ')})`);
  if (rest.length > 2) return left(`LEDGER_API_KEYS: a ${role} entry has more than role:name:key`);
  const [name, key = ''] = rest.length === 2 ? rest : [undefined, rest[0]];
  if (name !== undefined && !namePattern.test(name)) {
    return left(`LEDGER_API_KEYS: the name of a ${role} key must be 1 to 64 letters, digits and -_.`);
  }
  if (!keyPattern.test(key)) return left(`LEDGER_API_KEYS: the ${role} key must be 8 to 256 characters of letters, digits and -_.~+/=`);
  return right(name === undefined ? { role, key } : { role, name, key });
};

// LEDGER_API_KEYS: comma-separated role:key pairs and role:name:key triples, e.g.
// payments:k1,auditor:alice:k2.
export const parseApiKeys = (text: string): Either<string, ReadonlyArray<ApiKey>> => {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return left('LEDGER_API_KEYS has no role:key pair');
  if (entries.length > apiKeysMax) return left(`LEDGER_API_KEYS has more than ${apiKeysMax} keys`);
  const keys: ApiKey[] = [];
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (parsed._tag === 'Left') return parsed;
    const apiKey = parsed.right;
    if (keys.some((known) => known.key === apiKey.key)) return left(`LEDGER_API_KEYS: one key is given twice`);
    if (keys.some((known) => keyIdOf(known) === keyIdOf(apiKey))) {
      return left(`LEDGER_API_KEYS: two keys have the key id ${keyIdOf(apiKey)}: name them apart`);
    }
    keys.push(apiKey);
  }
  return right(keys);
};

export const generateApiKeys = (): ReadonlyArray<ApiKey> =>
  roles.map((role) => ({ role, key: randomBytes(24).toString('base64url') }));

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export type KeyRing = Readonly<{
  callerOf: (presented: string) => Caller | undefined;
  roleOf: (presented: string) => Role | undefined;
}>;

export const keyRing = (keys: ReadonlyArray<ApiKey>): KeyRing => {
  const hashed = keys.map((apiKey) => ({ caller: { role: apiKey.role, keyId: keyIdOf(apiKey) }, hash: digest(apiKey.key) }));
  const callerOf = (presented: string): Caller | undefined => {
    const hash = digest(presented);
    let found: Caller | undefined;
    for (const entry of hashed) {
      if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.caller;
    }
    return found;
  };
  return { callerOf, roleOf: (presented) => callerOf(presented)?.role };
};
