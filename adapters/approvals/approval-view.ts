// An approval as the API shows it (the contract's four-eyes section). The status is judged by the
// ledger's clock: a proposal past its expiresAt shows `expired` even before its expiry event is
// appended (that happens lazily, at the next decision on it or at the server's next start).
import { IncidentRunCodec } from '../../domain/incidents/incident-criteria.ts';
import type { ApprovalStatus, ApprovalState } from '../../domain/approvals/approval-state.ts';
import type { Proposal } from '../../domain/approvals/approval-events.ts';
import { type Instant, isBefore } from '../../domain/instant.ts';

export type ApprovalView = Readonly<{
  approvalId: string;
  action: Proposal['action'];
  status: ApprovalStatus;
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
  request: Readonly<Record<string, unknown>>;
  // Incidents: the dry run's totals at the pin, and the pin (a store position).
  charges?: number;
  accounts?: number;
  total?: Readonly<Record<string, string>>;
  selectionKnownBefore?: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  // Approved proposals whose action ran to its end.
  executed?: Readonly<{ outcome: string; refusal?: string; recordedAt: string }>;
}>;

const requestOf = (proposal: Proposal): Readonly<Record<string, unknown>> =>
  proposal.action === 'incidents' ? IncidentRunCodec.encode(proposal.request) : { ...proposal.request };

const decisionOf = (state: ApprovalState): Partial<ApprovalView> => {
  switch (state.status) {
    case 'approved': {
      const { approvedBy, occurredAt, reason } = state.granted;
      const executed = state.executed;
      return {
        decidedBy: approvedBy, decidedAt: occurredAt, ...(reason === undefined ? {} : { reason }),
        ...(executed === undefined ? {} : {
          executed: { outcome: executed.outcome, recordedAt: executed.occurredAt, ...(executed.refusal === undefined ? {} : { refusal: executed.refusal }) },
        }),
      };
    }
    case 'rejected': {
      const { rejectedBy, occurredAt, reason } = state.rejected;
      return { decidedBy: rejectedBy, decidedAt: occurredAt, ...(reason === undefined ? {} : { reason }) };
    }
    default:
      return {};
  }
};

export const approvalView = (state: Exclude<ApprovalState, { status: 'none' }>, now: Instant): ApprovalView => {
  const { approvalId, proposedBy, occurredAt, expiresAt, proposal } = state.proposed;
  const status = state.status === 'awaiting_approval' && !isBefore(now, expiresAt) ? 'expired' : state.status;
  const review = proposal.action === 'incidents' ? { ...proposal.review, selectionKnownBefore: proposal.selectionKnownBefore } : {};
  return {
    approvalId, action: proposal.action, status, proposedBy, proposedAt: occurredAt, expiresAt,
    request: requestOf(proposal), ...review, ...decisionOf(state),
  };
};
