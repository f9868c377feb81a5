// Every approval's state, folded from one scan of the approval event types in global order (the
// SQLite store reads them by its type index; they are few: one proposal per guarded request).
// Read fresh for every list and at start, so several servers on one EventStoreDB agree.
import { isLeft } from 'fp-ts/lib/Either.js';
import { ApprovalEventCodec, type ApprovalEvent, approvalEventTypes } from '../../domain/approvals/approval-events.ts';
import { type ApprovalState, evolveApproval, initialApprovalState } from '../../domain/approvals/approval-state.ts';
import { type EventStore, type StoredEvent, StoreCorruptedError, pageSizeMax } from '../../domain/ports/event-store.ts';

// At most this many approval events are folded for one list (a hundred pages).
export const approvalEventsScanMax = 100 * pageSizeMax;

export const decodeApprovalEvent = (stored: StoredEvent): ApprovalEvent => {
  const decoded = ApprovalEventCodec.decode({ type: stored.type, data: stored.data });
  if (isLeft(decoded)) throw new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} of type ${stored.type} does not decode`);
  return decoded.right;
};

export const foldApprovalStream = (stream: ReadonlyArray<StoredEvent>): ApprovalState =>
  stream.map(decodeApprovalEvent).reduce(evolveApproval, initialApprovalState());

export const approvalStates = async (store: EventStore): Promise<ReadonlyMap<string, ApprovalState>> => {
  const states = new Map<string, ApprovalState>();
  let after = 0n;
  for (let scanned = 0; scanned < approvalEventsScanMax; ) {
    const page = await store.readAll({ after, limit: pageSizeMax, types: approvalEventTypes });
    for (const stored of page) {
      const event = decodeApprovalEvent(stored);
      states.set(event.data.approvalId, evolveApproval(states.get(event.data.approvalId) ?? initialApprovalState(), event));
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSizeMax) break;
    after = last.position;
    scanned += page.length;
  }
  return states;
};
