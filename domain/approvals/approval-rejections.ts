// Why an approval command is refused: values in a Left, mapped to HTTP by adapters/http/.
import type { Instant } from '../instant.ts';
import type { ApprovalId } from './approval-events.ts';

export type ApprovalRejection =
  | Readonly<{ code: 'approval_not_found'; approvalId: ApprovalId }>
  // The same approval id proposed again with another proposal.
  | Readonly<{ code: 'approval_exists'; approvalId: ApprovalId }>
  | Readonly<{ code: 'approver_is_proposer'; approvalId: ApprovalId }>
  // Approved or rejected already, and this is the other decision (or an expiry of a decided one).
  | Readonly<{ code: 'approval_decided'; approvalId: ApprovalId; status: 'approved' | 'rejected' }>
  | Readonly<{ code: 'approval_expired'; approvalId: ApprovalId; expiresAt: Instant }>
  // Only the ledger's own expiry asks for it: the proposal is still open by the ledger's clock.
  | Readonly<{ code: 'approval_not_due'; approvalId: ApprovalId; expiresAt: Instant }>
  // An execution recorded for a proposal that was never approved.
  | Readonly<{ code: 'approval_not_approved'; approvalId: ApprovalId }>;

export type ApprovalRejectionCode = ApprovalRejection['code'];
