// What the ledger keeps beside an event's domain data in EventStoreDB: the event's data stays the
// domain data, and occurredAt, recordedAt and the hash chain travel in the event's metadata, so
// audits and bitemporal queries read exactly what the other stores return. Everything read back
// crosses an io-ts codec: an event that does not decode is corruption, named with its place. The
// port's event metadata (issuedBy) travels there too, under `eventMetadata`: absent on events
// written before it existed (hash template v1), present, perhaps empty, since (v2).
import { type EventData, type RecordedEvent, jsonEvent } from './eventstoredb-client.ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { type GlobalPosition, type StoredEvent, StoreCorruptedError } from '../../domain/ports/event-store.ts';
import type { HashedContent } from './hash-chain.ts';
import { fromStreamRevision } from './eventstoredb-revisions.ts';
import { decodeEventMetadata } from './event-metadata-codec.ts';

interface Sha256HexBrand {
  readonly Sha256Hex: unique symbol;
}
const Sha256Hex = t.brand(
  t.string,
  (value): value is t.Branded<string, Sha256HexBrand> => /^[0-9a-f]{64}$/.test(value),
  'Sha256Hex',
);

export const LedgerMetadataCodec = t.exact(
  t.intersection([
    t.type({ occurredAt: t.string, recordedAt: t.string, previousHash: Sha256Hex, hash: Sha256Hex }),
    t.partial({ eventMetadata: t.unknown }),
  ]),
  'LedgerMetadata',
);
export type LedgerMetadata = t.TypeOf<typeof LedgerMetadataCodec>;

const DataCodec = t.UnknownRecord;

export const toEventData = (content: HashedContent, hash: string): EventData => {
  const metadata: t.OutputOf<typeof LedgerMetadataCodec> = {
    occurredAt: content.occurredAt,
    recordedAt: content.recordedAt,
    previousHash: content.previousHash,
    hash,
    ...(content.metadata === undefined ? {} : { eventMetadata: { ...content.metadata } }),
  };
  // A random event id (the client's default): an id derived from the content would let the
  // server's idempotent-write check report two identical racing appends as both successful.
  return jsonEvent({ type: content.type, data: { ...content.data }, metadata });
};

const corrupted = (event: RecordedEvent, reason: string): StoreCorruptedError =>
  new StoreCorruptedError(`EventStoreDB event ${event.streamId}@${event.revision} (${event.type}): ${reason}`);

// A recorded event as the port's StoredEvent, at the given global position.
export const toStoredEvent = (event: RecordedEvent, position: GlobalPosition): StoredEvent => {
  if (!event.isJson) throw corrupted(event, 'not a JSON event, so not written by wallet-ledger');
  const metadata = LedgerMetadataCodec.decode(event.metadata);
  if (isLeft(metadata)) throw corrupted(event, `metadata does not decode: ${PathReporter.report(metadata).join('; ')}`);
  const data = DataCodec.decode(event.data);
  if (isLeft(data)) throw corrupted(event, 'data is not a JSON object');
  const { eventMetadata } = metadata.right;
  const decodedMetadata = eventMetadata === undefined ? undefined : decodeEventMetadata(eventMetadata);
  if (eventMetadata !== undefined && decodedMetadata === undefined) throw corrupted(event, 'eventMetadata does not decode');
  const stored: StoredEvent = {
    streamId: event.streamId,
    revision: fromStreamRevision(event.revision),
    position,
    type: event.type,
    data: data.right,
    occurredAt: metadata.right.occurredAt,
    recordedAt: metadata.right.recordedAt,
    hash: metadata.right.hash,
    previousHash: metadata.right.previousHash,
  };
  return decodedMetadata === undefined ? stored : { ...stored, metadata: decodedMetadata };
};
