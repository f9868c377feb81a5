// The approval decider. A proposal is decided once: granted by someone other than its proposer,
// or rejected, before it expires (by the ledger's clock on the command). A decision sent again
// decides nothing (right([])): the caller answers the original outcome; the other decision, or any
// decision after expiry, is refused.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { isBefore } from '../instant.ts';
import { unreachable } from '../rejections.ts';
import type { ApprovalCommand, GrantApproval, ProposeAction, RejectProposal } from './approval-commands.ts';
import { type ApprovalEvent, ProposalCodec } from './approval-events.ts';
import type { ApprovalRejection } from './approval-rejections.ts';
import type { ApprovalState } from './approval-state.ts';

export type ApprovalDecision = Either<ApprovalRejection, ReadonlyArray<ApprovalEvent>>;

const propose = (command: ProposeAction, state: ApprovalState): ApprovalDecision => {
  if (state.status === 'none') {
    const { approvalId, proposedBy, occurredAt, expiresAt, proposal } = command;
    return right([{ type: 'ApprovalProposed', data: { approvalId, occurredAt, proposedBy, expiresAt, proposal } }]);
  }
  const same =
    state.proposed.proposedBy === command.proposedBy &&
    JSON.stringify(ProposalCodec.encode(state.proposed.proposal)) === JSON.stringify(ProposalCodec.encode(command.proposal));
  return same ? right([]) : left({ code: 'approval_exists', approvalId: command.approvalId });
};

// Shared by grant and reject: the proposal must await a decision, be unexpired and not be the
// decider's own. `repeat` is the status at which the same decision again is a replay.
const decision = (
  command: GrantApproval | RejectProposal,
  state: ApprovalState,
  decidedBy: string,
  repeat: 'approved' | 'rejected',
  decided: () => ApprovalEvent,
): ApprovalDecision => {
  const { approvalId } = command;
  switch (state.status) {
    case 'none':
      return left({ code: 'approval_not_found', approvalId });
    case 'expired':
      return left({ code: 'approval_expired', approvalId, expiresAt: state.proposed.expiresAt });
    case 'approved':
    case 'rejected':
      return state.status === repeat ? right([]) : left({ code: 'approval_decided', approvalId, status: state.status });
    case 'awaiting_approval':
      if (!isBefore(command.ledgerTime, state.proposed.expiresAt)) return left({ code: 'approval_expired', approvalId, expiresAt: state.proposed.expiresAt });
      if (decidedBy === state.proposed.proposedBy) return left({ code: 'approver_is_proposer', approvalId });
      return right([decided()]);
    default:
      return unreachable(state);
  }
};

export const decideApproval = (command: ApprovalCommand, state: ApprovalState): ApprovalDecision => {
  const { approvalId } = command;
  switch (command.kind) {
    case 'ProposeAction':
      return propose(command, state);
    case 'GrantApproval': {
      const { approvedBy, occurredAt, reason } = command;
      return decision(command, state, approvedBy, 'approved', () => ({
        type: 'ApprovalGranted',
        data: { approvalId, occurredAt, approvedBy, ...(reason === undefined ? {} : { reason }) },
      }));
    }
    case 'RejectProposal': {
      const { rejectedBy, occurredAt, reason } = command;
      return decision(command, state, rejectedBy, 'rejected', () => ({
        type: 'ApprovalRejected',
        data: { approvalId, occurredAt, rejectedBy, ...(reason === undefined ? {} : { reason }) },
      }));
    }
    case 'ExpireProposal':
      if (state.status === 'none') return left({ code: 'approval_not_found', approvalId });
      if (state.status === 'expired') return right([]);
      if (state.status !== 'awaiting_approval') return left({ code: 'approval_decided', approvalId, status: state.status });
      if (isBefore(command.ledgerTime, state.proposed.expiresAt)) return left({ code: 'approval_not_due', approvalId, expiresAt: state.proposed.expiresAt });
      return right([{ type: 'ApprovalExpired', data: { approvalId, occurredAt: state.proposed.expiresAt } }]);
    case 'RecordActionExecuted': {
      if (state.status === 'none') return left({ code: 'approval_not_found', approvalId });
      if (state.status !== 'approved') return left({ code: 'approval_not_approved', approvalId });
      if (state.executed !== undefined) return right([]);
      const { occurredAt, outcome, refusal } = command;
      return right([{ type: 'ApprovedActionExecuted', data: { approvalId, occurredAt, outcome, ...(refusal === undefined ? {} : { refusal }) } }]);
    }
    default:
      return unreachable(command);
  }
};
