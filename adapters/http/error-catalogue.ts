// Every error code the API answers, with its status: the documentation of each route lists the
// ones it can give. Domain rejection codes take their status from rejection-status.ts.
import type { RejectionCode } from '../../domain/rejection-code.ts';
import { rejectionAnswer } from './rejection-status.ts';

export const infrastructureErrors = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  // Load, never input: the same account was contended past the retry bound.
  retries_exhausted: 503,
  // Load, never input: more commands waiting on one account than the handler queues.
  account_busy: 503,
  store_unavailable: 503,
  // A read asked to wait for a position the projections did not reach in time.
  projection_behind: 503,
  // GET /ready: the store does not answer, or a projection is behind past the bound or failed.
  not_ready: 503,
  // A collaborator this deployment was built without.
  not_available: 503,
} as const;
// Four eyes (adapters/http/approval-answer.ts maps the approval decider's rejections to these).
export const approvalErrors = {
  approver_is_proposer: 403,
  approval_decided: 409,
  approval_expired: 409,
} as const;
export type InfrastructureErrorCode = keyof typeof infrastructureErrors;
export type ApprovalErrorCode = keyof typeof approvalErrors;
export type ErrorCode = InfrastructureErrorCode | ApprovalErrorCode | RejectionCode;

const isInfrastructure = (code: ErrorCode): code is InfrastructureErrorCode =>
  Object.prototype.hasOwnProperty.call(infrastructureErrors, code);
const isApproval = (code: ErrorCode): code is ApprovalErrorCode => Object.prototype.hasOwnProperty.call(approvalErrors, code);

export const statusOfCode = (code: ErrorCode): number =>
  isInfrastructure(code) ? infrastructureErrors[code] : isApproval(code) ? approvalErrors[code] : rejectionAnswer(code).status;

// amount_scale_exceeded is answered as invalid_request: list the code that reaches the wire.
export const wireCodeOf = (code: ErrorCode): string => (isInfrastructure(code) || isApproval(code) ? code : rejectionAnswer(code).code);
