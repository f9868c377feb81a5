// Runs a command through the one command path and shapes the answer. The answer is built only
// from the recorded event and the command's own key, so an idempotent replay (which answers the
// original event) gets exactly the original body.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { callerOf } from './plugins/auth-plugin.ts';
import type { CommandFailure, CommandHandler, CommandResult } from '../command-handling/command-handler.ts';
import type { Command } from '../../domain/commands.ts';
import { type Instant, instantFromEpochMs } from '../../domain/instant.ts';
import { formatAmount } from '../../domain/money.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import type { LedgerEvent } from '../../domain/events.ts';
import { type ApiError, apiError } from './api-error.ts';
import { rejectionError } from './rejection-status.ts';
import type { Answer } from './route-spec.ts';
import type { JsonSchema } from './wire/json-schema.ts';

// The ledger's clock as the domain takes it: expiry of holds is judged by it.
export const ledgerTime = (clock: Clock): Instant => instantFromEpochMs(clock.now().getTime());

export const failureError = (failure: CommandFailure): ApiError => {
  switch (failure.kind) {
    case 'rejected':
      return rejectionError(failure.rejection);
    case 'account_busy':
      return apiError(503, 'account_busy', `Too many commands are waiting on this account (at most ${failure.pendingMax}). Retry later.`);
    case 'retries_exhausted':
      return apiError(503, 'retries_exhausted', `The account was too busy: gave up after ${failure.attempts} attempts. Retry the same request.`);
  }
};

const amountOf = (decoded: LedgerEvent): Record<string, string> => {
  switch (decoded.type) {
    case 'WalletToppedUp':
    case 'WalletCharged':
    case 'ChargeReversed':
    case 'ChargeHeld':
    case 'HeldChargeCaptured':
    case 'HoldVoided':
    case 'HoldExpired':
      return { amount: formatAmount(decoded.data.amount), currency: decoded.data.amount.currency };
    default:
      return {};
  }
};

// The command is issued by the request's caller (its key id, recorded on every event it appends).
// Only the events of two-phase charges carry a status: a v1 charge's answer is unchanged. A hold
// placed for a step-up answers the contract's step_up_required body (status 202, stepUpStatus).
const holdStatusOf = (decoded: LedgerEvent): Record<string, unknown> => {
  switch (decoded.type) {
    case 'ChargeHeld':
      if (decoded.data.stepUpReasons !== undefined) {
        return { status: 'step_up_required', expiresAt: decoded.data.holdExpiresAt, reasons: decoded.data.stepUpReasons };
      }
      return { status: 'held', holdExpiresAt: decoded.data.holdExpiresAt };
    case 'HeldChargeCaptured':
      return { status: 'captured' };
    case 'HoldVoided':
      return { status: 'voided' };
    case 'HoldExpired':
      return { status: 'expired' };
    default:
      return {};
  }
};

export const runCommand = async (
  commands: CommandHandler,
  request: object,
  command: Command,
  status: 200 | 201,
  key: Readonly<Record<string, string>> = {},
): Promise<Either<ApiError, Answer>> => {
  const outcome = await commands(command, callerOf(request)?.keyId);
  return commandAnswer(outcome, status, key);
};

// The answer to a command's outcome: also what an approved reversal or freeze answers (four eyes).
export const commandAnswer = (
  outcome: Either<CommandFailure, CommandResult>,
  status: 200 | 201,
  key: Readonly<Record<string, string>> = {},
): Either<ApiError, Answer> => {
  if (isLeft(outcome)) return left(failureError(outcome.left));
  const { event, accountId, recorded } = outcome.right;
  return right({
    status: stepUpStatus(recorded) ?? status,
    body: {
      accountId,
      position: event.position.toString(),
      recordedAt: event.recordedAt,
      revision: event.revision,
      type: event.type,
      ...key,
      ...amountOf(recorded),
      ...holdStatusOf(recorded),
    },
  });
};

// 202: the charge was held for the account holder's step-up, not charged (a retry answers it again).
export const stepUpStatus = (recorded: LedgerEvent): 202 | undefined =>
  recorded.type === 'ChargeHeld' && recorded.data.stepUpReasons !== undefined ? 202 : undefined;

export const commandAnswerSchema = (keys: ReadonlyArray<string> = [], withAmount = false, optional: Readonly<Record<string, JsonSchema>> = {}): JsonSchema => {
  const text: JsonSchema = { type: 'string' };
  const keyProperties = Object.fromEntries(keys.map((name) => [name, text]));
  const amountProperties: Record<string, JsonSchema> = withAmount ? { amount: text, currency: text } : {};
  const properties: Record<string, JsonSchema> = {
    accountId: text,
    position: { type: 'string', pattern: '^[0-9]+$', description: "the event's global position (decimal string)" },
    recordedAt: { type: 'string', description: 'transaction time stamped by the ledger' },
    revision: { type: 'integer', description: 'the revision of the event in the account stream' },
    type: { type: 'string', description: 'the type of the event that records the outcome' },
    ...keyProperties,
    ...amountProperties,
  };
  return { type: 'object', required: Object.keys(properties), properties: { ...properties, ...optional } };
};

// The 202 of a charge held for a step-up (contract: {"status","chargeId","expiresAt","reasons"}).
export const stepUpAnswerSchema: JsonSchema = commandAnswerSchema(['chargeId', 'status', 'expiresAt', 'reasons'], true, {
  status: { type: 'string', enum: ['step_up_required'] },
  expiresAt: { type: 'string', description: 'when the hold is released unless the step-up captures it first' },
  reasons: { type: 'array', items: { type: 'string' }, description: 'the step-up rules the charge tripped' },
});

export const holdStatusSchema: Readonly<Record<string, JsonSchema>> = {
  status: { type: 'string', enum: ['held', 'captured', 'voided', 'expired'], description: 'only for two-phase charges' },
  holdExpiresAt: { type: 'string', description: 'when a held charge is released unless captured or voided' },
};
