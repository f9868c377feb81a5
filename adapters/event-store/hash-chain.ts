// Every event is chained to the previous event of its stream: hash = SHA-256 over the RFC 8785
// canonical JSON of the event's content and the previous hash. Changing, deleting or reordering a
// stored event breaks the chain at that revision.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { StoredEvent, StreamId } from './event-store.ts';

export const genesisHash = '0'.repeat(64);

export type HashedContent = Readonly<{
  streamId: StreamId;
  revision: number;
  type: string;
  data: Readonly<Record<string, unknown>>;
  occurredAt: string;
  recordedAt: string;
  previousHash: string;
}>;

export const canonicalEncoding = (content: HashedContent): string => {
  const encoded = canonicalize({
    streamId: content.streamId,
    revision: content.revision,
    type: content.type,
    data: content.data,
    occurredAt: content.occurredAt,
    recordedAt: content.recordedAt,
    previousHash: content.previousHash,
  });
  if (encoded === undefined) throw new Error('hash chain: event content cannot be canonicalized');
  return encoded;
};

export const eventHash = (content: HashedContent): string =>
  createHash('sha256').update(canonicalEncoding(content), 'utf8').digest('hex');

export type ChainVerification = Readonly<{
  events: number;
  verified: boolean;
  headHash: string;
  firstBrokenRevision?: number;
}>;

// Incremental verification so audits can stream pages of any size through it.
export class ChainVerifier {
  private count = 0;
  private expectedRevision = 0;
  private previousHash = genesisHash;
  private broken: number | undefined;

  constructor(private readonly streamId: StreamId) {}

  accept(event: StoredEvent): void {
    this.count += 1;
    if (this.broken === undefined) {
      const linked = event.previousHash === this.previousHash && event.revision === this.expectedRevision;
      const intact = linked && event.streamId === this.streamId && eventHash(event) === event.hash;
      if (!intact) this.broken = this.expectedRevision;
    }
    this.expectedRevision += 1;
    this.previousHash = event.hash;
  }

  result(): ChainVerification {
    const base = { events: this.count, verified: this.broken === undefined, headHash: this.previousHash };
    return this.broken === undefined ? base : { ...base, firstBrokenRevision: this.broken };
  }
}
