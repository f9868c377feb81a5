// What a guarded request proposes, and how an incident proposal is pinned: the store's head when
// the proposal is made, and the dry run's totals as known at that head (what the proposer saw and
// the approver approves). The proposal stays small whatever the selection's size: criteria, pin
// and totals, never the list (the approver pages it with a dry run).
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { Proposal } from '../../domain/approvals/approval-events.ts';
import { PositionText } from '../../domain/approvals/approval-events.ts';
import type { ApprovalState } from '../../domain/approvals/approval-state.ts';
import type { IncidentRun } from '../../domain/incidents/incident-criteria.ts';
import type { Instant } from '../../domain/instant.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { incidentFingerprint, sameIncident } from '../../domain/incidents/incident-declared.ts';
import { summarize } from '../../projections/incidents/selected-charge.ts';
import { readDeclaration } from '../incidents/declare-incident.ts';
import { selectIncidentCharges } from '../incidents/run-incident.ts';

export type ProposalInput = Exclude<Proposal, { action: 'incidents' }> | Readonly<{ action: 'incidents'; request: IncidentRun }>;

type Awaiting = Extract<ApprovalState, { status: 'awaiting_approval' }>;
export type Alike = Readonly<{ kind: 'none' }> | Readonly<{ kind: 'found'; state: Awaiting }> | Readonly<{ kind: 'conflict'; message: string }>;

// What two proposals are "the same thing" by: one awaiting proposal per subject.
const subjectOf = (input: ProposalInput | Proposal): string => {
  switch (input.action) {
    case 'incidents':
      return `incidents ${input.request.incidentId}`;
    case 'reversal':
      return `reversal ${input.request.accountId} ${input.request.chargeId}`;
    case 'freeze':
    case 'unfreeze':
      return `${input.action} ${input.request.accountId}`;
  }
};

// A second proposal of the same freeze, unfreeze or reversal while one awaits answers the awaiting
// one (the contract); an incident id awaiting with another selection is a conflict.
export const awaitingAlike = (states: Iterable<ApprovalState>, input: ProposalInput, at: Instant): Alike => {
  const subject = subjectOf(input);
  for (const state of states) {
    if (state.status !== 'awaiting_approval' || state.proposed.expiresAt <= at) continue;
    const proposal = state.proposed.proposal;
    if (subjectOf(proposal) !== subject) continue;
    if (proposal.action === 'incidents' && input.action === 'incidents' && incidentFingerprint(proposal.request) !== incidentFingerprint(input.request)) {
      return { kind: 'conflict', message: `Incident ${input.request.incidentId} awaits approval with a different body (${state.proposed.approvalId}).` };
    }
    return { kind: 'found', state };
  }
  return { kind: 'none' };
};

export type PinConflict = Readonly<{ message: string }>;

export const pinProposal = async (store: EventStore, input: ProposalInput): Promise<Either<PinConflict, Proposal>> => {
  if (input.action !== 'incidents') return right(input);
  const request = { ...input.request, dryRun: true };
  const declared = await readDeclaration(store, request.incidentId);
  if (declared !== undefined && !sameIncident(declared, request)) {
    return left({ message: `Incident ${request.incidentId} was already run with a different body.` });
  }
  const head = await store.headPosition();
  const pin = PositionText.decode(head.toString());
  if (isLeft(pin)) throw new Error(`approvals: head position ${head} is not a position`);
  const charges = await selectIncidentCharges({ store }, request, undefined, head);
  return right({ action: 'incidents', request: input.request, selectionKnownBefore: pin.right, review: summarize(charges) });
};
