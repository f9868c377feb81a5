// RFC 6962 / RFC 9162 section 2.1 hashing: a leaf is SHA-256(0x00 ‖ input), an interior node
// SHA-256(0x01 ‖ left ‖ right). The two prefixes keep a leaf from ever passing for a node.
import { createHash, hash } from 'node:crypto';

export type Hash = Buffer;
export const hashSizeBytes = 32;

const leafPrefix = Buffer.from([0x00]);
const nodePrefix = Buffer.from([0x01]);

// One-shot hashing over one buffer: several times cheaper than a Hash object per call, and a
// verifier hashes millions of these.
export const leafHash = (input: Uint8Array): Hash => hash('sha256', Buffer.concat([leafPrefix, input]), 'buffer');

const nodeInput = Buffer.alloc(1 + 2 * 32);
nodeInput[0] = 0x01;
export const nodeHash = (left: Uint8Array, right: Uint8Array): Hash => {
  if (left.length !== 32 || right.length !== 32) return createHash('sha256').update(nodePrefix).update(left).update(right).digest();
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return hash('sha256', nodeInput, 'buffer');
};

// The empty tree's root: SHA-256 of nothing.
export const emptyRootHash = (): Hash => createHash('sha256').digest();

const eventHashPattern = /^[0-9a-f]{64}$/;

// An event's leaf: its stored `hash` (64 hex digits) taken as its 32 bytes.
export const eventLeafHash = (eventHashHex: string): Hash => {
  if (!eventHashPattern.test(eventHashHex)) throw new RangeError('verifiable log: an event hash is not 64 lowercase hex digits');
  return leafHash(Buffer.from(eventHashHex, 'hex'));
};

// The largest power of two strictly smaller than n (n >= 2): RFC 6962's split point.
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
