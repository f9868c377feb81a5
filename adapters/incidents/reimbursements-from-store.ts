// One incident's reimbursements read straight from the store, for the CLI on a store with no read
// file: one scan of the fold's source events in global order, folded with the projection's own
// fold (projections/reimbursements/reimbursements.ts).
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import type { IncidentId } from '../../domain/ids.ts';
import { reimbursementFactOf, reimbursementsSourceTypes } from '../../projections/reimbursements/reimbursement-facts.ts';
import {
  type Reimbursements, evolveReimbursements, initialReimbursements, reimbursementsOf,
} from '../../projections/reimbursements/reimbursements.ts';

// undefined: the store holds no declaration of the incident and no reversal by it.
export const readReimbursements = async (store: EventStore, incidentId: IncidentId): Promise<Reimbursements | undefined> => {
  const headPosition = await store.headPosition();
  let state = initialReimbursements();
  let after = 0n;
  while (after < headPosition) {
    const page = await store.readAll({ after, limit: pageSizeMax, types: reimbursementsSourceTypes });
    const last = page.at(-1);
    if (last === undefined) break;
    for (const stored of page) {
      // Raw check first: only this incident's declaration and reversals are decoded and folded.
      const fact = stored.data.incidentId === incidentId && stored.position <= headPosition ? reimbursementFactOf(stored) : undefined;
      if (fact !== undefined) state = evolveReimbursements(state, fact);
    }
    after = last.position;
    await yieldToEventLoop();
  }
  return reimbursementsOf(state, incidentId);
};
