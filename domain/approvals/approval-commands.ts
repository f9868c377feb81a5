// What callers ask of an approval. Times arrive on the command: `ledgerTime` is the ledger's clock
// when the command runs (expiry is judged by it, never by a client's occurredAt).
import type { Instant } from '../instant.ts';
import type { Text } from '../ids.ts';
import type { ApprovalId, IssuerId, Proposal } from './approval-events.ts';

type Base = Readonly<{ approvalId: ApprovalId }>;

export type ProposeAction = Base & Readonly<{ kind: 'ProposeAction'; proposedBy: IssuerId; occurredAt: Instant; expiresAt: Instant; proposal: Proposal }>;
export type GrantApproval = Base & Readonly<{ kind: 'GrantApproval'; approvedBy: IssuerId; occurredAt: Instant; ledgerTime: Instant; reason?: Text }>;
export type RejectProposal = Base & Readonly<{ kind: 'RejectProposal'; rejectedBy: IssuerId; occurredAt: Instant; ledgerTime: Instant; reason?: Text }>;
export type ExpireProposal = Base & Readonly<{ kind: 'ExpireProposal'; ledgerTime: Instant }>;
export type RecordActionExecuted = Base &
  Readonly<{ kind: 'RecordActionExecuted'; occurredAt: Instant; outcome: 'succeeded' | 'refused'; refusal?: Text }>;

export type ApprovalCommand = ProposeAction | GrantApproval | RejectProposal | ExpireProposal | RecordActionExecuted;
