// Which $all records are the ledger's events: never EventStoreDB's own ($-prefixed types such as
// $metadata, $statsCollected, link events "$>"), and, when the caller names types, only those.
// The same rule is given to the server as a regex (subscriptions filter there) and applied again
// on the client, which is the only filter for reads of $all: @eventstore/db-client 6.2.1's readAll
// has no filter option (it always sends "no filter"), and some servers let a system event through
// a filter anyway (EventStoreDB 22.x, $persistentSubscriptionConfig).
import { type RegexFilter, eventTypeFilter } from './eventstoredb-client.ts';

export const typeNamesMax = 100;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const typeRegex = (types: ReadonlyArray<string> | undefined): string => {
  if (types === undefined) return '^[^$]';
  if (types.length > typeNamesMax) throw new RangeError(`at most ${typeNamesMax} event types per filter`);
  // An empty list matches nothing; the regex says so instead of matching everything.
  if (types.length === 0) return '^(?!)';
  return `^(?:${types.map(escapeRegex).join('|')})$`;
};

export type TypePredicate = (type: string) => boolean;

export const typePredicate = (types: ReadonlyArray<string> | undefined): TypePredicate => {
  const wanted = types === undefined ? undefined : new Set(types);
  return (type) => !type.startsWith('$') && (wanted === undefined || wanted.has(type));
};

// The server-side filter for subscribeToAll. Its checkpoints (sent while the server skips records)
// are not used: the adapter's cursor is the position of the last event delivered.
export const serverTypeFilter = (types: ReadonlyArray<string> | undefined): RegexFilter =>
  eventTypeFilter({ regex: typeRegex(types) });
