// Four eyes on the wire: a guarded request answers 202 with its proposal; a decision answers what
// the approved action answers (plus approvalId) or the rejection; the approval decider's refusals
// map to the contract's codes here, exhaustively.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { ApprovalRejection } from '../../domain/approvals/approval-rejections.ts';
import { IssuerId } from '../../domain/approvals/approval-events.ts';
import { unreachable } from '../../domain/rejections.ts';
import type { ApprovalFailure, Approvals, GuardedAction } from '../approvals/approvals-service.ts';
import type { ProposalInput } from '../approvals/proposal-input.ts';
import type { ActionOutcome } from '../processes/approved-actions.ts';
import { type ApiError, apiError, notFound } from './api-error.ts';
import { commandAnswer } from './command-answer.ts';
import { callerOf } from './plugins/auth-plugin.ts';
import type { Answer } from './route-spec.ts';

const rejectionError = (rejection: ApprovalRejection): ApiError => {
  switch (rejection.code) {
    case 'approval_not_found':
      return notFound(`No approval ${rejection.approvalId}.`);
    case 'approval_exists':
      return apiError(409, 'idempotency_conflict', `Approval ${rejection.approvalId} was proposed with a different body.`);
    case 'approver_is_proposer':
      return apiError(403, 'approver_is_proposer', `Approval ${rejection.approvalId} must be decided by someone other than its proposer.`);
    case 'approval_decided':
      return apiError(409, 'approval_decided', `Approval ${rejection.approvalId} was already ${rejection.status}.`);
    case 'approval_expired':
      return apiError(409, 'approval_expired', `Approval ${rejection.approvalId} expired at ${rejection.expiresAt}.`);
    // Only the ledger itself issues expiries and execution records: a route never meets these.
    case 'approval_not_due':
    case 'approval_not_approved':
      throw new Error(`approvals: a route met ${rejection.code} on ${rejection.approvalId}`);
    default:
      return unreachable(rejection);
  }
};

export const approvalFailureError = (failure: ApprovalFailure): ApiError => {
  switch (failure.kind) {
    case 'rejected':
      return rejectionError(failure.rejection);
    case 'not_found':
      return notFound('No such approval.');
    case 'idempotency_conflict':
      return apiError(409, 'idempotency_conflict', failure.message);
    case 'retries_exhausted':
      return apiError(503, 'retries_exhausted', `The approval was too busy: gave up after ${failure.attempts} attempts. Retry the same request.`);
    default:
      return unreachable(failure);
  }
};

// The caller's key id as the approval records it (a key id is always valid text).
export const issuerOf = (request: object): IssuerId => {
  const decoded = IssuerId.decode(callerOf(request)?.keyId ?? 'unknown:caller');
  if (isLeft(decoded)) throw new Error('approvals: a key id is not valid text');
  return decoded.right;
};

// undefined: the action is not guarded here (four eyes off for it): the route runs it as in v1.
export const guarded = (approvals: Approvals | undefined, action: GuardedAction): Approvals | undefined =>
  approvals !== undefined && approvals.config.guarded.has(action) ? approvals : undefined;

export const proposalAnswer = async (approvals: Approvals, input: ProposalInput, request: object): Promise<Either<ApiError, Answer>> => {
  const proposed = await approvals.propose(input, issuerOf(request));
  return isLeft(proposed) ? left(approvalFailureError(proposed.left)) : right({ status: 202, body: proposed.right });
};

// What the approved action's own route answers, plus the approval's id.
export const actionAnswer = (approvalId: string, action: ActionOutcome): Either<ApiError, Answer> => {
  switch (action.kind) {
    case 'incident': {
      const result = action.outcome;
      if (isLeft(result)) return left(apiError(409, result.left.code, result.left.message));
      return right({ status: 201, body: { ...result.right, approvalId } });
    }
    case 'reversal':
      return commandAnswer(action.outcome, 201, { chargeId: action.chargeId, approvalId });
    case 'freeze':
    case 'unfreeze':
      return commandAnswer(action.outcome, 200, { approvalId });
    default:
      return unreachable(action);
  }
};
