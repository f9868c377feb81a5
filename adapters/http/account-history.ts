// An account's history and its audit, read straight from the store: the store is the truth and
// sees every acknowledged append, so these reads need no projection to catch up.
import type { AccountId } from '../../domain/ids.ts';
import { accountStreamId } from '../../domain/events.ts';
import { type EventStore, type GlobalPosition, type StoredEvent, pageSizeMax } from '../event-store/event-store.ts';
import { ChainVerifier, type ChainVerification } from '../event-store/hash-chain.ts';

const positionAt = async (store: EventStore, streamId: string, revision: number): Promise<GlobalPosition | undefined> =>
  (await store.readStream(streamId, { fromRevision: revision, limit: 1 }))[0]?.position;

// The first revision whose position is after `after`. Positions grow with revisions, so a
// galloping search then a binary search finds it in O(log n) single-event reads.
const firstRevisionAfter = async (store: EventStore, streamId: string, after: GlobalPosition): Promise<number> => {
  let low = 0;
  let high = 1;
  for (;;) {
    const position = await positionAt(store, streamId, high - 1);
    if (position === undefined || position > after) break;
    low = high;
    high *= 2;
  }
  // Invariant: revisions below `low` are at or before `after`; revision high-1 is after it or absent.
  while (low < high - 1) {
    const middle = Math.floor((low + high - 1) / 2);
    const position = await positionAt(store, streamId, middle);
    if (position !== undefined && position <= after) low = middle + 1;
    else high = middle + 1;
  }
  return low;
};

export type HistoryPage = Readonly<{ events: ReadonlyArray<StoredEvent>; next: GlobalPosition | undefined }>;

export const accountExists = async (store: EventStore, accountId: AccountId): Promise<boolean> =>
  (await positionAt(store, accountStreamId(accountId), 0)) !== undefined;

export const readHistory = async (
  store: EventStore,
  accountId: AccountId,
  after: GlobalPosition | undefined,
  limit: number,
): Promise<HistoryPage> => {
  const streamId = accountStreamId(accountId);
  const fromRevision = after === undefined ? 0 : await firstRevisionAfter(store, streamId, after);
  const events = await store.readStream(streamId, { fromRevision, limit });
  const last = events.at(-1);
  return { events, next: events.length === limit && last !== undefined ? last.position : undefined };
};

export const auditAccount = async (store: EventStore, accountId: AccountId): Promise<ChainVerification> => {
  const streamId = accountStreamId(accountId);
  const verifier = new ChainVerifier(streamId);
  for (let fromRevision = 0; ; fromRevision += pageSizeMax) {
    const page = await store.readStream(streamId, { fromRevision, limit: pageSizeMax });
    for (const event of page) verifier.accept(event);
    if (page.length < pageSizeMax) return verifier.result();
  }
};
