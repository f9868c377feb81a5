// The hash chain of hash-chain.ts, computed from parts encoded once: the data's canonical JSON is
// what the store keeps in the data column anyway, and the stream id, type and occurredAt are
// encoded when the append is queued. The event's canonical encoding is those parts in RFC 8785
// key order. The unit test checks the result against hash-chain.ts's eventHash, the definition.
import { hash } from 'node:crypto';
import { StoreCorruptedError } from './event-store.ts';

export type EncodedContent = Readonly<{
  dataJson: string;
  occurredAtJson: string;
  // Lowercase hex (checked by hexHash where it comes from the file), so it needs no escaping.
  previousHash: string;
  // An ISO-8601 string from Date#toISOString, so it needs no escaping either.
  recordedAt: string;
  revision: number;
  streamIdJson: string;
  typeJson: string;
}>;

// Keys in the order canonicalize sorts them (UTF-16 code units): data, occurredAt, previousHash,
// recordedAt, revision, streamId, type.
export const canonicalEncodingOf = (content: EncodedContent): string =>
  `{"data":${content.dataJson},"occurredAt":${content.occurredAtJson},"previousHash":"${content.previousHash}",` +
  `"recordedAt":"${content.recordedAt}","revision":${content.revision},"streamId":${content.streamIdJson},` +
  `"type":${content.typeJson}}`;

export const eventHashOf = (content: EncodedContent): string => hash('sha256', canonicalEncodingOf(content), 'hex');

const hexHashPattern = /^[0-9a-f]{64}$/;

export const hexHash = (value: string, where: string): string => {
  if (!hexHashPattern.test(value)) throw new StoreCorruptedError(`sqlite event store: the hash of ${where} is not 64 hex digits`);
  return value;
};
