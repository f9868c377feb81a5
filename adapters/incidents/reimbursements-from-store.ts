// Reimbursements read straight from the store (one scan of ChargeReversed events in global order)
// until the projection runner keeps the fold persisted; then the HTTP route can read its state.
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { toLedgerEvent } from '../event-store/ledger-events.ts';
import type { IncidentId } from '../../domain/ids.ts';
import {
  type Reimbursements, evolveReimbursements, initialReimbursements, reimbursementsEventTypes, reimbursementsOf,
} from '../../projections/reimbursements/reimbursements.ts';

export const readReimbursements = async (store: EventStore, incidentId: IncidentId): Promise<Reimbursements> => {
  const headPosition = await store.headPosition();
  let state = initialReimbursements();
  let after = 0n;
  while (after < headPosition) {
    const page = await store.readAll({ after, limit: pageSizeMax, types: reimbursementsEventTypes });
    const last = page.at(-1);
    if (last === undefined) break;
    for (const stored of page) {
      // Raw check first: only this incident's reversals are decoded and folded.
      if (stored.data.incidentId === incidentId && stored.position <= headPosition) state = evolveReimbursements(state, toLedgerEvent(stored));
    }
    after = last.position;
    await yieldToEventLoop();
  }
  return reimbursementsOf(state, incidentId);
};
