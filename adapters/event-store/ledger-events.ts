// Between domain events and stored events. Every event read back crosses the io-ts codec: a
// stored event that no longer decodes is corruption, reported loudly with its place.
import { isLeft } from 'fp-ts/lib/Either.js';
import {
  AccountFrozen, AccountOpened, AccountUnfrozen, ChargeDeclined, ChargeHeld, ChargeReversed, DeviceRegistered, DeviceRemoved,
  DeviceVerified, HeldChargeCaptured, HoldExpired, HoldVoided, type LedgerEvent, LoginRecorded, WalletCharged, WalletToppedUp, isLedgerEventType, ledgerEventCodecByType,
} from '../../domain/events.ts';
import { type NewEvent, type StoredEvent, StoreCorruptedError } from '../../domain/ports/event-store.ts';

// Encodes with the codec of the event's own type: the union's encode would first test the event
// against each member in turn (`is`), which costs more than the encoding on every command.
const encode = (event: LedgerEvent) => {
  switch (event.type) {
    case 'AccountOpened': return AccountOpened.encode(event);
    case 'DeviceRegistered': return DeviceRegistered.encode(event);
    case 'DeviceVerified': return DeviceVerified.encode(event);
    case 'DeviceRemoved': return DeviceRemoved.encode(event);
    case 'LoginRecorded': return LoginRecorded.encode(event);
    case 'WalletToppedUp': return WalletToppedUp.encode(event);
    case 'WalletCharged': return WalletCharged.encode(event);
    case 'ChargeDeclined': return ChargeDeclined.encode(event);
    case 'ChargeReversed': return ChargeReversed.encode(event);
    case 'AccountFrozen': return AccountFrozen.encode(event);
    case 'AccountUnfrozen': return AccountUnfrozen.encode(event);
    case 'ChargeHeld': return ChargeHeld.encode(event);
    case 'HeldChargeCaptured': return HeldChargeCaptured.encode(event);
    case 'HoldVoided': return HoldVoided.encode(event);
    case 'HoldExpired': return HoldExpired.encode(event);
    default: {
      const unknownEvent: never = event;
      throw new Error(`no codec for ${String(unknownEvent)}`);
    }
  }
};

export const toNewEvent = (event: LedgerEvent): NewEvent => {
  const encoded = encode(event);
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
