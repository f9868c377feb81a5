// The reimbursement projection, fed by the projection runner: the pure fold of reimbursements.ts
// over reversals tagged with an incident, plus the incidents declared (so an unknown incident is
// told apart from one that reversed nothing). Two homes, one behaviour: in memory (memory store,
// EventStoreDB) and in the SQLite store's own database (sqlite-reimbursements-projection.ts).
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import type { IncidentId } from '../../domain/ids.ts';
import type { LedgerEvent } from '../../domain/events.ts';
import { IncidentDeclaredData, incidentDeclaredType } from '../../domain/incidents/incident-declared.ts';
import type { Projection } from '../runner/projection.ts';
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import {
  type Reimbursements, type ReimbursementsState, evolveReimbursements, initialReimbursements, reimbursementsOf,
} from './reimbursements.ts';

export const reimbursementsProjectionName = 'reimbursements';
export const reimbursementsProjectionTypes: ReadonlyArray<string> = ['ChargeReversed', incidentDeclaredType];

export type ReimbursementsReader = Readonly<{
  // undefined: no such incident was declared and no reversal names it.
  reimbursements: (incidentId: IncidentId) => Reimbursements | undefined;
}>;

export type ReimbursementFact =
  | Readonly<{ kind: 'declared'; incidentId: IncidentId }>
  | Readonly<{ kind: 'reversed'; event: Extract<LedgerEvent, { type: 'ChargeReversed' }> }>;

// What one stored event contributes; reversals without an incident contribute nothing.
export const reimbursementFactOf = (stored: StoredEvent): ReimbursementFact | undefined => {
  if (stored.type === incidentDeclaredType) {
    const declared = IncidentDeclaredData.decode(stored.data);
    if (declared._tag === 'Left') throw new Error(`reimbursements: declaration at ${stored.position} does not decode`);
    return { kind: 'declared', incidentId: declared.right.incidentId };
  }
  if (stored.data.incidentId === undefined) return undefined;
  const event = toLedgerEvent(stored);
  return event.type === 'ChargeReversed' ? { kind: 'reversed', event } : undefined;
};

export const createMemoryReimbursements = (): ReimbursementsReader & { projection: Projection<MemoryTransaction> } => {
  let state: ReimbursementsState = initialReimbursements();
  let declared = new Set<IncidentId>();
  return {
    projection: {
      name: reimbursementsProjectionName,
      eventTypes: reimbursementsProjectionTypes,
      applyBatch: (tx, events) => {
        const [before, declaredBefore] = [state, new Set(declared)];
        tx.onRollback(() => {
          state = before;
          declared = declaredBefore;
        });
        for (const stored of events) {
          const fact = reimbursementFactOf(stored);
          if (fact?.kind === 'declared') declared.add(fact.incidentId);
          if (fact?.kind === 'reversed') state = evolveReimbursements(state, fact.event);
        }
      },
      reset: () => {
        state = initialReimbursements();
        declared = new Set();
      },
    },
    reimbursements: (incidentId) =>
      declared.has(incidentId) || state.has(incidentId) ? reimbursementsOf(state, incidentId) : undefined,
  };
};
