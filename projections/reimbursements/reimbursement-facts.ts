// What one stored event contributes to the reimbursements fold (reimbursements.ts): a
// declaration, a reversal made by an incident, or nothing. Every home reads its facts here.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import { IncidentDeclaredData, incidentDeclaredType } from '../../domain/incidents/incident-declared.ts';
import { type ReimbursementFact, reversalFactOf } from './reimbursements.ts';

export const reimbursementsSourceTypes: ReadonlyArray<string> = ['ChargeReversed', incidentDeclaredType];

export const reimbursementFactOf = (stored: StoredEvent): ReimbursementFact | undefined => {
  if (stored.type === incidentDeclaredType) {
    const declared = IncidentDeclaredData.decode(stored.data);
    if (declared._tag === 'Left') throw new Error(`reimbursements: declaration at ${stored.position} does not decode`);
    return { kind: 'declared', incidentId: declared.right.incidentId };
  }
  // Raw check first: a reversal without an incident is never decoded.
  return stored.data.incidentId === undefined ? undefined : reversalFactOf(toLedgerEvent(stored));
};
