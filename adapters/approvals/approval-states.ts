// Every approval's state, folded from the approval event types in global order (the SQLite store
// reads them by its type index; they are few: one proposal per guarded request). The fold is kept
// with its cursor and caught up from the store's tail at every read, so each list or proposal pays
// for the approval events appended since the last one, and several servers on one EventStoreDB
// still agree (each reads what the others appended).
import { isLeft } from 'fp-ts/lib/Either.js';
import { ApprovalEventCodec, type ApprovalEvent, approvalEventTypes } from '../../domain/approvals/approval-events.ts';
import { type ApprovalState, evolveApproval, initialApprovalState } from '../../domain/approvals/approval-state.ts';
import { type EventStore, type StoredEvent, StoreCorruptedError, pageSizeMax } from '../../domain/ports/event-store.ts';

export const decodeApprovalEvent = (stored: StoredEvent): ApprovalEvent => {
  const decoded = ApprovalEventCodec.decode({ type: stored.type, data: stored.data });
  if (isLeft(decoded)) throw new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} of type ${stored.type} does not decode`);
  return decoded.right;
};

export const foldApprovalStream = (stream: ReadonlyArray<StoredEvent>): ApprovalState =>
  stream.map(decodeApprovalEvent).reduce(evolveApproval, initialApprovalState());

export type ApprovalStates = () => Promise<ReadonlyMap<string, ApprovalState>>;

// A read answers a copy taken when it caught up: a caller may await between its entries while
// another read moves the fold on. Catch-ups run one at a time; the cursor moves with each event
// folded, so a catch-up that fails half-way (store unavailable) never folds an event twice.
export const createApprovalStates = (store: EventStore): ApprovalStates => {
  const states = new Map<string, ApprovalState>();
  let after = 0n;
  let running: Promise<void> | undefined;
  const catchUp = async (): Promise<void> => {
    for (;;) {
      const page = await store.readAll({ after, limit: pageSizeMax, types: approvalEventTypes });
      for (const stored of page) {
        const event = decodeApprovalEvent(stored);
        states.set(event.data.approvalId, evolveApproval(states.get(event.data.approvalId) ?? initialApprovalState(), event));
        after = stored.position;
      }
      if (page.length < pageSizeMax) return;
    }
  };
  return async () => {
    while (running !== undefined) await running.catch(() => undefined);
    running = catchUp().finally(() => {
      running = undefined;
    });
    await running;
    return new Map(states);
  };
};
