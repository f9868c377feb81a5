// The reimbursement projection in memory (memory store, EventStoreDB), fed by the projection
// runner: the fold of reimbursements.ts over the facts of reimbursement-facts.ts. Its twin in the
// read file is sqlite-reimbursements-projection.ts: same facts, same per-event arithmetic.
import type { IncidentId } from '../../domain/ids.ts';
import type { Projection } from '../runner/projection.ts';
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import { reimbursementFactOf, reimbursementsSourceTypes } from './reimbursement-facts.ts';
import { type Reimbursements, type ReimbursementsState, evolveReimbursements, initialReimbursements, reimbursementsOf } from './reimbursements.ts';

export const reimbursementsProjectionName = 'reimbursements';
export const reimbursementsProjectionTypes = reimbursementsSourceTypes;

export type ReimbursementsReader = Readonly<{
  // undefined: no such incident was declared and no reversal names it.
  reimbursements: (incidentId: IncidentId) => Reimbursements | undefined;
}>;

export const createMemoryReimbursements = (): ReimbursementsReader & { projection: Projection<MemoryTransaction> } => {
  let state: ReimbursementsState = initialReimbursements();
  return {
    projection: {
      name: reimbursementsProjectionName,
      eventTypes: reimbursementsProjectionTypes,
      applyBatch: (tx, events) => {
        const before = state;
        tx.onRollback(() => {
          state = before;
        });
        for (const stored of events) {
          const fact = reimbursementFactOf(stored);
          if (fact !== undefined) state = evolveReimbursements(state, fact);
        }
      },
      reset: () => {
        state = initialReimbursements();
      },
    },
    reimbursements: (incidentId) => reimbursementsOf(state, incidentId),
  };
};
