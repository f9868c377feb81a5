// Between domain events and stored events. Every event read back crosses the io-ts codec: a
// stored event that no longer decodes is corruption, reported loudly with its place.
import { isLeft } from 'fp-ts/lib/Either.js';
import { type LedgerEvent, LedgerEventCodec, isLedgerEventType, ledgerEventCodecByType } from '../../domain/events.ts';
import { type NewEvent, type StoredEvent, StoreCorruptedError } from './event-store.ts';

export const toNewEvent = (event: LedgerEvent): NewEvent => {
  const encoded = LedgerEventCodec.encode(event);
  return { type: encoded.type, data: encoded.data, occurredAt: event.data.occurredAt };
};

export const toLedgerEvent = (stored: StoredEvent): LedgerEvent => {
  const codec = isLedgerEventType(stored.type) ? ledgerEventCodecByType[stored.type] : undefined;
  const decoded = codec?.decode({ type: stored.type, data: stored.data });
  if (decoded === undefined || isLeft(decoded)) {
    throw new StoreCorruptedError(
      `event ${stored.streamId}@${stored.revision} (position ${stored.position}) of type ${stored.type} does not decode`,
    );
  }
  return decoded.right;
};
