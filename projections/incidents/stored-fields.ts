// The incident scan looks at raw stored fields before it decodes anything (most events never
// matter to an incident); these read them without trusting their shape.
import { type StoredEvent, StoreCorruptedError } from '../../domain/ports/event-store.ts';

export const rawString = (data: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};

export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

// The key of an (account, charge) or (account, device) pair named by a stored event's fields.
export const storedPairKey = (stored: StoredEvent, second: 'chargeId' | 'deviceId'): string =>
  pairKey(rawString(stored.data, 'accountId') ?? '', rawString(stored.data, second) ?? '');

export const corrupted = (stored: StoredEvent): StoreCorruptedError =>
  new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} (position ${stored.position}) of type ${stored.type} does not decode`);
