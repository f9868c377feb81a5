// Approving or rejecting a proposal through the approval decider. A decision past the expiry is
// refused and records the expiry (lazily, here: docs/approvals.md says why). An approval then runs
// the action through the process manager, whose outcome the route answers.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { ApprovalId, type IssuerId } from '../../domain/approvals/approval-events.ts';
import type { ApprovalRejection } from '../../domain/approvals/approval-rejections.ts';
import type { ApprovalState } from '../../domain/approvals/approval-state.ts';
import type { Text } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import type { ActionOutcome } from '../processes/approved-actions.ts';
import { type ApprovalContext, type ApprovalFailure, failureOf, fourEyesIssuer } from './approval-context.ts';
import { type ApprovalView, approvalView } from './approval-view.ts';

export type Decision = Readonly<{ approvalId: string; by: IssuerId; occurredAt: Instant; reason?: Text }>;
export type Approved = Readonly<{ view: ApprovalView; outcome: ActionOutcome }>;

export const decideProposal = (context: ApprovalContext) => {
  const { handle, actions, now, stateOf } = context;
  const expireIfDue = async (rejection: ApprovalRejection, state: ApprovalState): Promise<void> => {
    if (rejection.code !== 'approval_expired' || state.status !== 'awaiting_approval') return;
    await handle({ kind: 'ExpireProposal', approvalId: state.proposed.approvalId, ledgerTime: now() }, fourEyesIssuer);
  };
  const decide = async (kind: 'GrantApproval' | 'RejectProposal', decision: Decision): Promise<Either<ApprovalFailure, ApprovalState>> => {
    const id = ApprovalId.decode(decision.approvalId);
    if (isLeft(id)) return left({ kind: 'not_found' });
    const { by, occurredAt, reason } = decision;
    const common = { approvalId: id.right, occurredAt, ledgerTime: now(), ...(reason === undefined ? {} : { reason }) };
    const command = kind === 'GrantApproval' ? { kind, approvedBy: by, ...common } : { kind, rejectedBy: by, ...common };
    const outcome = await handle(command, by);
    if (!isLeft(outcome)) return right(outcome.right.state);
    if (outcome.left.kind === 'rejected') await expireIfDue(outcome.left.rejection, outcome.left.state);
    return left(failureOf(outcome.left));
  };
  const approve = async (decision: Decision): Promise<Either<ApprovalFailure, Approved>> => {
    const granted = await decide('GrantApproval', decision);
    if (isLeft(granted)) return granted;
    const state = granted.right;
    if (state.status !== 'approved') throw new Error(`approvals: ${decision.approvalId} granted but ${state.status}`);
    const outcome = await actions.execute(state);
    const after = await stateOf(decision.approvalId);
    return right({ view: approvalView(after ?? state, now()), outcome });
  };
  const reject = async (decision: Decision): Promise<Either<ApprovalFailure, ApprovalView>> => {
    const rejected = await decide('RejectProposal', decision);
    if (isLeft(rejected)) return rejected;
    if (rejected.right.status === 'none') throw new Error('approvals: a rejection left no state');
    return right(approvalView(rejected.right, now()));
  };
  return { approve, reject };
};
