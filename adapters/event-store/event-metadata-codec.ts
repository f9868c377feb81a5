// The event metadata read back from a store crosses this codec. A key this code does not know is
// refused as corruption rather than dropped: dropping it would change what the hash covers.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { EventMetadata } from '../../domain/ports/event-store.ts';

export const EventMetadataCodec = t.exact(t.partial({ issuedBy: t.string }), 'EventMetadata');

// The metadata, or undefined when the value is not exactly the metadata this code writes.
export const decodeEventMetadata = (value: unknown): EventMetadata | undefined => {
  const decoded = EventMetadataCodec.decode(value);
  if (isLeft(decoded)) return undefined;
  const known = Object.keys(decoded.right).length;
  return typeof value === 'object' && value !== null && Object.keys(value).length === known ? decoded.right : undefined;
};
