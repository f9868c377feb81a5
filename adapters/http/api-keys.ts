// Bearer keys by role. Keys are compared in constant time: the presented key and every configured
// key are hashed to 32 bytes (so lengths never differ) and every configured key is compared, so
// the answer's timing says nothing about how much of a key was right or which role matched.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Either, left, right } from 'fp-ts/lib/Either.js';

export const roles = ['payments', 'auditor', 'finance', 'admin'] as const;
export type Role = (typeof roles)[number];

export type ApiKey = Readonly<{ role: Role; key: string }>;

const isRole = (value: string): value is Role => (roles as ReadonlyArray<string>).includes(value);
const keyPattern = /^[A-Za-z0-9\-_.~+/=]{8,256}$/;
export const apiKeysMax = 64;

// LEDGER_API_KEYS: comma-separated role:key pairs, e.g. payments:k1,auditor:k2.
export const parseApiKeys = (text: string): Either<string, ReadonlyArray<ApiKey>> => {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) return left('LEDGER_API_KEYS has no role:key pair');
  if (entries.length > apiKeysMax) return left(`LEDGER_API_KEYS has more than ${apiKeysMax} keys`);
  const keys: ApiKey[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const role = entry.slice(0, colon);
    const key = entry.slice(colon + 1);
    if (colon < 0 || !isRole(role)) return left(`LEDGER_API_KEYS: "${role || entry}" is not a role (${roles.join(', ')})`);
    if (!keyPattern.test(key)) return left(`LEDGER_API_KEYS: the ${role} key must be 8 to 256 characters of letters, digits and -_.~+/=`);
    if (keys.some((known) => known.key === key)) return left(`LEDGER_API_KEYS: one key is given to two roles`);
    keys.push({ role, key });
  }
  return right(keys);
};

export const generateApiKeys = (): ReadonlyArray<ApiKey> =>
  roles.map((role) => ({ role, key: randomBytes(24).toString('base64url') }));

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export type KeyRing = Readonly<{ roleOf: (presented: string) => Role | undefined }>;

export const keyRing = (keys: ReadonlyArray<ApiKey>): KeyRing => {
  const hashed = keys.map(({ role, key }) => ({ role, hash: digest(key) }));
  return {
    roleOf: (presented) => {
      const hash = digest(presented);
      let found: Role | undefined;
      for (const entry of hashed) {
        if (timingSafeEqual(entry.hash, hash) && found === undefined) found = entry.role;
      }
      return found;
    },
  };
};
