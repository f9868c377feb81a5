// The signed-note format against Go's reference (golang.org/x/mod/sumdb/note, note.go's package
// example: the PeterNeumann key pair and its signed note; Ed25519 is deterministic, so signing
// must reproduce it byte for byte), and the checkpoint body format of C2SP tlog-checkpoint.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointText, parseCheckpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import {
  formatVerifierKey, noteSignedBy, parseSignedNote, parseVerifierKey, signNote, verifierOf,
} from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';

const goVerifierKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const goSeed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const goNote = `${goText}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const goKey = () => {
  const raw = Buffer.from('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'base64').subarray(1);
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url'), d: goSeed.toString('base64url') };
  return { privateKey: createPrivateKey({ key: jwk, format: 'jwk' }), publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }) };
};

describe('signed notes', () => {
  it("reproduces Go's reference note and verifier key", () => {
    const { privateKey, publicKey } = goKey();
    expect(signNote(goText, 'PeterNeumann', privateKey, publicKey)).toBe(goNote);
    expect(formatVerifierKey(verifierOf('PeterNeumann', publicKey))).toBe(goVerifierKey);
  });

  it("verifies Go's note and refuses it changed, or under another key or name", () => {
    const verifier = parseVerifierKey(goVerifierKey);
    const note = parseSignedNote(goNote);
    expect(verifier !== undefined && note !== undefined && noteSignedBy(note, verifier)).toBe(true);
    const changed = parseSignedNote(goNote.replace('cryptography', 'cryptographY'));
    expect(verifier !== undefined && changed !== undefined && noteSignedBy(changed, verifier)).toBe(false);
    const other = verifierOf('PeterNeumann', generateSigningKey().publicKey);
    expect(note !== undefined && noteSignedBy(note, other)).toBe(false);
  });

  it('refuses malformed verifier keys and notes', () => {
    for (const bad of ['', 'PeterNeumann', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', `${goVerifierKey}AA`]) {
      expect(parseVerifierKey(bad)).toBeUndefined();
    }
    for (const bad of ['', goText, `${goText}\n`, `${goText}\n— PeterNeumann !!!\n`, goNote.slice(0, -1)]) {
      expect(parseSignedNote(bad)).toBeUndefined();
    }
  });

  it('round-trips a checkpoint body and refuses bad ones', () => {
    const checkpoint = { origin: 'example.com/ledger', treeSize: 20852163, rootHash: Buffer.alloc(32, 7) };
    expect(parseCheckpointText(checkpointText(checkpoint))).toEqual(checkpoint);
    for (const bad of ['', 'a\n1\n', 'a\n01\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n', 'a\n1\nBwcH\n', 'a\n99999999999999999\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n']) {
      expect(parseCheckpointText(bad)).toBeUndefined();
    }
  });
});
