// The one map from a domain rejection to an HTTP status and error code. Exhaustive: a new
// rejection does not compile until it has an answer here.
import type { RejectionCode } from '../../domain/rejection-code.ts';
import { type Rejection, rejectionMessage, unreachable } from '../../domain/rejections.ts';
import { formatAmount } from '../../domain/money.ts';
import { type ApiError, type FieldProblem, apiError } from './api-error.ts';

export type RejectionAnswer = Readonly<{ status: number; code: string }>;

export const rejectionAnswer = (code: RejectionCode): RejectionAnswer => {
  switch (code) {
    case 'insufficient_funds':
    case 'device_not_registered':
    case 'device_not_verified':
    case 'account_frozen':
    case 'currency_mismatch':
    case 'capture_exceeds_hold':
    case 'step_up_required':
      return { status: 422, code };
    case 'account_not_found':
    case 'charge_not_found':
      return { status: 404, code };
    case 'account_exists':
    case 'device_already_registered':
    case 'charge_already_reversed':
    case 'idempotency_conflict':
    case 'charge_not_held':
    // Only the ledger's own expiry can be refused this way; no route issues it.
    case 'hold_not_expired':
      return { status: 409, code };
    // The contract calls a badly formed amount invalid_request; too many fraction digits for the
    // account's currency is one, found only once the account (and so its currency) is known.
    case 'amount_scale_exceeded':
    // holdExpiresAt is judged against the ledger's clock, known only when the command runs.
    case 'hold_expiry_out_of_range':
      return { status: 400, code: 'invalid_request' };
    default:
      return unreachable(code);
  }
};

const rejectionDetails = (rejection: Rejection): unknown => {
  switch (rejection.code) {
    // A 400 like any other: the one shape of invalid_request details (api-error.ts).
    case 'amount_scale_exceeded':
      return [
        {
          field: 'body.amount',
          rule: `at most ${rejection.scaleMax} fraction digits for ${rejection.currency}`,
          currency: rejection.currency,
          scaleMax: rejection.scaleMax,
        },
      ] satisfies ReadonlyArray<FieldProblem>;
    case 'currency_mismatch':
      return { expected: rejection.expected, actual: rejection.actual };
    case 'hold_expiry_out_of_range':
      return { field: 'body.holdExpiresAt', earliest: rejection.earliest, latest: rejection.latest };
    case 'capture_exceeds_hold':
      return { held: formatAmount(rejection.held), requested: formatAmount(rejection.requested) };
    case 'step_up_required':
      return { reasons: rejection.reasons };
    default:
      return undefined;
  }
};

export const rejectionError = (rejection: Rejection): ApiError => {
  const { status, code } = rejectionAnswer(rejection.code);
  return apiError(status, code, rejectionMessage(rejection), rejectionDetails(rejection));
};
