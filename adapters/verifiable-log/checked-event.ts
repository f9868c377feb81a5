// What the verifier checks of one event line on its own, without any other line: that its
// position and hash are well formed, that its hash is the hash of its own fields (the store's
// template, hash-chain.ts), and its RFC 6962 leaf. These are most of the verifier's work and do not
// depend on order, so worker threads can do them (bundle-chunk.ts); the chains and the tree, which
// do, stay with the verifier.
import { hash } from 'node:crypto';
import { eventHash } from '../event-store/hash-chain.ts';
import type { EventLine } from './bundle-lines.ts';
import { hashSizeBytes } from './merkle-hash.ts';

export const positionPattern = /^[1-9][0-9]{0,17}$/;
export const hashPattern = /^[0-9a-f]{64}$/;

export type CheckedEvent = Readonly<{
  logIndex: number;
  streamId: string;
  revision: number;
  hash: string;
  previousHash: string;
  // position and hash well formed: without it nothing else of the event is used.
  wellFormed: boolean;
  ownHashMatches: boolean;
}>;

// undefined when the fields have no canonical JSON (a lone surrogate in a string: RFC 8785
// refuses it, so no store ever hashed such an event): a bundle line must never crash the verifier.
const ownHash = (line: EventLine, metadata: EventLine['metadata']): string | undefined => {
  try {
    return eventHash({
      streamId: line.streamId, revision: line.revision, type: line.type, data: line.data, occurredAt: line.occurredAt,
      recordedAt: line.recordedAt, previousHash: line.previousHash, ...(metadata === undefined ? {} : { metadata }),
    });
  } catch {
    return undefined;
  }
};

export const checkEventLine = (line: EventLine): CheckedEvent => {
  const wellFormed = positionPattern.test(line.position) && hashPattern.test(line.hash);
  const { metadata } = line;
  const ownHashMatches = wellFormed && ownHash(line, metadata) === line.hash;
  return { logIndex: line.logIndex, streamId: line.streamId, revision: line.revision, hash: line.hash, previousHash: line.previousHash, wellFormed, ownHashMatches };
};

// 0x00 ‖ 32 bytes, rewritten for each leaf: the RFC 6962 leaf input of an event's hash.
const leafInput = Buffer.alloc(1 + hashSizeBytes);

// Writes the leaf of a well-formed event's hash (64 lowercase hex digits) into `into` at `offset`.
export const writeEventLeaf = (hashHex: string, into: Uint8Array, offset: number): void => {
  leafInput.write(hashHex, 1, hashSizeBytes, 'hex');
  into.set(hash('sha256', leafInput, 'buffer'), offset);
};
