// Every event is chained to the previous event of its stream: hash = SHA-256 over the RFC 8785
// canonical JSON of the event's content and the previous hash. Changing, deleting or reordering a
// stored event breaks the chain at that revision. The template is versioned (docs/event-hash.md):
// v1 for events written before metadata existed (they keep and verify with the hash they have),
// v2, which adds `hashVersion: 2` and the metadata, for every event written since. An event's
// version is told by its metadata: absent is v1, present (even empty) is v2. This file is the
// single place the templates live; the verifiable log's leaves are these hashes.
import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json.ts';
import type { EventMetadata, NewEvent, StoredEvent, StreamId } from '../../domain/ports/event-store.ts';

export const genesisHash = '0'.repeat(64);

export type HashedContent = Readonly<{
  streamId: StreamId;
  revision: number;
  type: string;
  data: Readonly<Record<string, unknown>>;
  occurredAt: string;
  recordedAt: string;
  previousHash: string;
  metadata?: EventMetadata;
}>;

export const hashVersionOf = (content: Readonly<{ metadata?: EventMetadata }>): 1 | 2 =>
  content.metadata === undefined ? 1 : 2;

// The definition: `canonicalize` over the whole content. The unit tests hold every faster
// encoding to it, byte for byte.
export const canonicalEncoding = (content: HashedContent): string => {
  const common = {
    streamId: content.streamId,
    revision: content.revision,
    type: content.type,
    data: content.data,
    occurredAt: content.occurredAt,
    recordedAt: content.recordedAt,
    previousHash: content.previousHash,
  };
  const encoded = canonicalize(
    content.metadata === undefined ? common : { ...common, hashVersion: 2, metadata: content.metadata },
  );
  if (encoded === undefined) throw new Error('hash chain: event content cannot be canonicalized');
  return encoded;
};

// The content's fields, each already written as canonical JSON. The canonical encoding is them in
// RFC 8785 key order (v1: data, occurredAt, previousHash, recordedAt, revision, streamId, type; v2
// adds hashVersion and metadata after data): the same bytes as canonicalEncoding, without running
// canonicalize over the whole event. Every store hashes through this one template (the SQLite
// store passes parts it encoded once, sqlite-event-hash.ts). No metadataJson: v1.
export type EncodedFields = Readonly<{
  dataJson: string;
  metadataJson?: string;
  occurredAtJson: string;
  previousHashJson: string;
  recordedAtJson: string;
  revisionJson: string;
  streamIdJson: string;
  typeJson: string;
}>;

export const canonicalEncodingOfFields = (fields: EncodedFields): string =>
  `{"data":${fields.dataJson},` +
  (fields.metadataJson === undefined ? '' : `"hashVersion":2,"metadata":${fields.metadataJson},`) +
  `"occurredAt":${fields.occurredAtJson},"previousHash":${fields.previousHashJson},` +
  `"recordedAt":${fields.recordedAtJson},"revision":${fields.revisionJson},"streamId":${fields.streamIdJson},` +
  `"type":${fields.typeJson}}`;

// Metadata as hashed and stored: canonical JSON, undefined for none (a v1 event).
export const metadataJsonOf = (metadata: EventMetadata | undefined): string | undefined =>
  metadata === undefined ? undefined : canonicalJson(metadata);

const fieldwiseEncoding = (content: HashedContent): string =>
  canonicalEncodingOfFields({
    dataJson: canonicalJson(content.data),
    ...(content.metadata === undefined ? {} : { metadataJson: canonicalJson(content.metadata) }),
    occurredAtJson: canonicalJson(content.occurredAt),
    previousHashJson: canonicalJson(content.previousHash),
    recordedAtJson: canonicalJson(content.recordedAt),
    revisionJson: canonicalJson(content.revision),
    streamIdJson: canonicalJson(content.streamId),
    typeJson: canonicalJson(content.type),
  });

export const eventHash = (content: HashedContent): string => hash('sha256', fieldwiseEncoding(content), 'hex');

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
    this.acceptLink(event, () => eventHash(event) === event.hash);
  }

  // The same, for a caller that checks the event's own hash itself (the bundle verifier does it
  // in worker threads): asked only while the chain is intact and linked.
  acceptLink(event: Readonly<{ streamId: StreamId; revision: number; previousHash: string; hash: string }>, ownHashMatches: () => boolean): void {
    this.count += 1;
    if (this.broken === undefined) {
      const linked = event.previousHash === this.previousHash && event.revision === this.expectedRevision;
      const intact = linked && event.streamId === this.streamId && ownHashMatches();
      if (!intact) this.broken = this.expectedRevision;
    }
    this.expectedRevision += 1;
    this.previousHash = event.hash;
  }

  // result().verified without building the result (a verifier asks after every event).
  isIntact(): boolean {
    return this.broken === undefined;
  }

  result(): ChainVerification {
    const base = { events: this.count, verified: this.broken === undefined, headHash: this.previousHash };
    return this.broken === undefined ? base : { ...base, firstBrokenRevision: this.broken };
  }
}

// A copy holding only the known keys, in a fixed shape: what is hashed is exactly what is kept.
export const newMetadata = (metadata: EventMetadata | undefined): EventMetadata =>
  metadata?.issuedBy === undefined ? {} : { issuedBy: metadata.issuedBy };

export type ChainedEvent = Readonly<{ content: HashedContent; hash: string }>;

// Chains new events onto a stream's head (memory and EventStoreDB stores; SQLite has its own
// variant that reuses canonical text). recordedAt is the later of the stamp and the head's, so it
// never decreases along a stream even when several writers with skewed clocks share it. New
// events always hash with v2: an event appended without metadata gets the empty metadata.
export const chainEvents = (
  streamId: StreamId,
  head: StoredEvent | undefined,
  events: ReadonlyArray<NewEvent>,
  stampedAt: string,
): ChainedEvent[] => {
  const recordedAt = head !== undefined && head.recordedAt > stampedAt ? head.recordedAt : stampedAt;
  let previousHash = head?.hash ?? genesisHash;
  return events.map((event, index) => {
    const content: HashedContent = {
      streamId,
      revision: (head?.revision ?? -1) + 1 + index,
      type: event.type,
      data: structuredClone(event.data),
      occurredAt: event.occurredAt,
      recordedAt,
      previousHash,
      metadata: newMetadata(event.metadata),
    };
    const hash = eventHash(content);
    previousHash = hash;
    return { content, hash };
  });
};
