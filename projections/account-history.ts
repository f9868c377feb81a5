// An account's events for auditors, in order, paged by global position: the page after `after`
// holds at most `limit` events and names the cursor of the next page. The store's port pages a
// stream by revision, so the first revision after a position is found by an exponential then a
// binary search over single-event reads: O(log n) reads, with any store (memory, SQLite, ESDB),
// because positions grow with revisions within a stream.
import type { EventStore, GlobalPosition, StoredEvent } from '../domain/ports/event-store.ts';
import { pageLimit, positionBeforeAll } from '../domain/ports/event-store.ts';
import { accountStreamId } from '../domain/events.ts';
import { hashVersionOf } from '../adapters/event-store/hash-chain.ts';
import type { AccountId } from '../domain/ids.ts';

export type HistoryEntry = Readonly<{
  position: string;
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  data: Readonly<Record<string, unknown>>;
  hash: string;
  previousHash: string;
  // Who caused the event (absent when not recorded) and the hash template it is chained with.
  issuedBy?: string;
  hashVersion: 1 | 2;
}>;

// next: the `after` of the following page, or null when this page reached the end.
export type HistoryPage = Readonly<{ events: ReadonlyArray<HistoryEntry>; next: string | null }>;
export type HistoryOptions = Readonly<{ after?: GlobalPosition; limit?: number }>;

const positionAt = async (store: EventStore, streamId: string, revision: number): Promise<GlobalPosition | undefined> =>
  (await store.readStream(streamId, { fromRevision: revision, limit: 1 }))[0]?.position;

// The first revision whose position is after `after` (maybe one past the end).
const firstRevisionAfter = async (store: EventStore, streamId: string, after: GlobalPosition): Promise<number> => {
  const beyond = async (revision: number) => {
    const position = await positionAt(store, streamId, revision);
    return position === undefined || position > after;
  };
  if (after === positionBeforeAll || (await beyond(0))) return 0;
  let low = 0; // known not beyond
  let high = 1;
  while (!(await beyond(high))) {
    low = high;
    if (high > Number.MAX_SAFE_INTEGER / 2) throw new RangeError('account history: stream too long');
    high *= 2;
  }
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (await beyond(middle)) high = middle;
    else low = middle;
  }
  return high;
};

const entryOf = (event: StoredEvent): HistoryEntry => ({
  position: event.position.toString(),
  revision: event.revision,
  type: event.type,
  occurredAt: event.occurredAt,
  recordedAt: event.recordedAt,
  data: event.data,
  hash: event.hash,
  previousHash: event.previousHash,
  ...(event.metadata?.issuedBy === undefined ? {} : { issuedBy: event.metadata.issuedBy }),
  hashVersion: hashVersionOf(event),
});

// undefined when the account has no events at all.
export const accountHistory = async (
  store: EventStore, accountId: AccountId, options: HistoryOptions = {},
): Promise<HistoryPage | undefined> => {
  const streamId = accountStreamId(accountId);
  const limit = pageLimit(options.limit);
  if ((await positionAt(store, streamId, 0)) === undefined) return undefined;
  const fromRevision = await firstRevisionAfter(store, streamId, options.after ?? positionBeforeAll);
  const events = await store.readStream(streamId, { fromRevision, limit });
  const last = events.at(-1);
  return { events: events.map(entryOf), next: events.length === limit && last !== undefined ? last.position.toString() : null };
};
