// The hash chain of hash-chain.ts, computed from parts encoded once: the data's canonical JSON is
// what the store keeps in the data column anyway, and the stream id, type and occurredAt are
// encoded when the append is queued. The template is hash-chain.ts's canonicalEncodingOfFields;
// the unit test checks the result against canonicalEncoding there, the definition.
import { hash } from 'node:crypto';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { canonicalEncodingOfFields } from './hash-chain.ts';

export type EncodedContent = Readonly<{
  dataJson: string;
  // Canonical JSON of the metadata; undefined for an event without any (hash template v1).
  metadataJson?: string | undefined;
  occurredAtJson: string;
  // Lowercase hex (checked by hexHash where it comes from the file), so it needs no escaping.
  previousHash: string;
  // An ISO-8601 string from Date#toISOString, so it needs no escaping either.
  recordedAt: string;
  revision: number;
  streamIdJson: string;
  typeJson: string;
}>;

// previousHash and recordedAt are quoted as they are: neither needs escaping (see above).
export const canonicalEncodingOf = (content: EncodedContent): string =>
  canonicalEncodingOfFields({
    dataJson: content.dataJson,
    ...(content.metadataJson === undefined ? {} : { metadataJson: content.metadataJson }),
    occurredAtJson: content.occurredAtJson,
    previousHashJson: `"${content.previousHash}"`,
    recordedAtJson: `"${content.recordedAt}"`,
    revisionJson: String(content.revision),
    streamIdJson: content.streamIdJson,
    typeJson: content.typeJson,
  });

export const eventHashOf = (content: EncodedContent): string => hash('sha256', canonicalEncodingOf(content), 'hex');

const hexHashPattern = /^[0-9a-f]{64}$/;

export const hexHash = (value: string, where: string): string => {
  if (!hexHashPattern.test(value)) throw new StoreCorruptedError(`sqlite event store: the hash of ${where} is not 64 hex digits`);
  return value;
};
