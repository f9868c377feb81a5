// Verifier keys in the sumdb/note format and C2SP signed checkpoints, signed here with Node's
// Ed25519 and verified with the console's WebCrypto code.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unverifiedCheckpointOf, verifyCheckpoint } from '../../../../adapters/console/src/verify/signed-checkpoint.ts';
import { fingerprintOf, parseVerifierKey } from '../../../../adapters/console/src/verify/verifier-key.ts';

type Signer = Readonly<{ name: string; privateKey: KeyObject; publicKey: Buffer; keyId: Buffer; verifierKey: string }>;

// Keys from fixed seeds (PKCS#8 wrapping of a 32-byte Ed25519 seed): the same keys every run.
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const signer = (name: string, seed: number): Signer => {
  const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Ed25519Prefix, Buffer.alloc(32, seed)]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const keyId = createHash('sha256').update(`${name}\n`).update(Buffer.from([1])).update(raw).digest().subarray(0, 4);
  return { name, privateKey, publicKey: raw, keyId, verifierKey: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}` };
};

const root = createHash('sha256').update('root').digest().toString('base64');
const noteBy = (by: Signer, text = `wallet-ledger\n42\n${root}\n`): string =>
  `${text}\n\u2014 ${by.name} ${Buffer.concat([by.keyId, sign(null, Buffer.from(text), by.privateKey)]).toString('base64')}\n`;

describe('verifier keys', () => {
  it('parses a key whose key id matches, and shows its fingerprint in groups of four hex digits', async () => {
    const log = signer('wallet-ledger', 1);
    const key = await parseVerifierKey(log.verifierKey);
    expect(key?.name).toBe('wallet-ledger');
    expect(key === undefined ? '' : await fingerprintOf(key)).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
  });

  it('parses keys whose base64 contains a plus sign (standard base64 may)', async () => {
    const signers = Array.from({ length: 40 }, (_, seed) => signer('wallet-ledger', seed));
    const withPlus = signers.filter((log) => log.verifierKey.split('+').length > 3);
    expect(withPlus.length).toBeGreaterThan(0);
    for (const log of withPlus) expect((await parseVerifierKey(log.verifierKey))?.name).toBe('wallet-ledger');
  });

  it('refuses a key with a wrong key id, algorithm or length', async () => {
    const log = signer('wallet-ledger', 1);
    const [name = '', keyId = ''] = log.verifierKey.split('+');
    const encoded = log.verifierKey.slice(name.length + keyId.length + 2);
    expect(await parseVerifierKey(`${name}+00000000+${encoded}`)).toBeUndefined();
    expect(await parseVerifierKey(`other+${keyId}+${encoded}`)).toBeUndefined();
    expect(await parseVerifierKey(`${name}+${keyId}+${Buffer.concat([Buffer.from([2]), log.publicKey]).toString('base64')}`)).toBeUndefined();
    expect(await parseVerifierKey(`${name}+${keyId}+${log.publicKey.toString('base64')}`)).toBeUndefined();
    expect(await parseVerifierKey('not a key')).toBeUndefined();
  });
});

describe('signed checkpoints', () => {
  it('verifies a checkpoint signed by the pinned key', async () => {
    const log = signer('wallet-ledger', 1);
    const pinned = await parseVerifierKey(log.verifierKey);
    if (pinned === undefined) throw new Error('key did not parse');
    const checked = await verifyCheckpoint(noteBy(log), pinned);
    expect(checked.kind).toBe('verified');
    expect(checked.kind === 'verified' ? checked.checkpoint.treeSize : 0).toBe(42);
    expect(unverifiedCheckpointOf(noteBy(log))?.treeSize).toBe(42);
  });

  it('refuses a checkpoint signed by another key, or altered after signing', async () => {
    const log = signer('wallet-ledger', 1);
    const impostor = signer('wallet-ledger', 2);
    const pinned = await parseVerifierKey(log.verifierKey);
    if (pinned === undefined) throw new Error('key did not parse');
    expect((await verifyCheckpoint(noteBy(impostor), pinned)).kind).toBe('not_signed_by_pinned_key');
    const altered = noteBy(log).replace('\n42\n', '\n43\n');
    expect((await verifyCheckpoint(altered, pinned)).kind).toBe('not_signed_by_pinned_key');
    expect((await verifyCheckpoint('wallet-ledger\n42\n', pinned)).kind).toBe('malformed');
    expect((await verifyCheckpoint(`wallet-ledger\nforty\n${root}\n\n\u2014 x y\n`, pinned)).kind).toBe('malformed');
  });
});
