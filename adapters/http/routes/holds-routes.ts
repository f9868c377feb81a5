// POST /v1/accounts/{accountId}/charges/{chargeId}/capture and /void: settle a held charge
// (payments). Expiry is judged by the ledger's clock, which each command carries.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, holdStatusSchema, ledgerTime, runCommand } from '../command-answer.ts';
import type { ErrorCode } from '../error-catalogue.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields, writtenFractionDigits } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

const holdParams = wireObject({ accountId: fields.accountId, chargeId: fields.chargeId }, {});
const settleErrors: ReadonlyArray<ErrorCode> = [
  'account_not_found', 'charge_not_found', 'charge_not_held', 'idempotency_conflict', 'retries_exhausted', 'account_busy',
  'store_unavailable',
];

export const captureSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/charges/:chargeId/capture',
  summary: 'Capture a held charge (all of it, or less: the rest is released)',
  tag: 'charges',
  access: access.payments,
  params: holdParams,
  query: noFields,
  body: wireObject({ occurredAt: fields.instant }, { amount: fields.amount }),
  success: { 200: commandAnswerSchema(['chargeId'], true, holdStatusSchema) },
  errors: [...settleErrors, 'capture_exceeds_hold', 'account_frozen', 'amount_scale_exceeded', 'step_up_required'],
});

// The account holder's step-up (v1.1): captures the whole of a hold placed for a step-up.
export const stepUpSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/charges/:chargeId/step-up',
  summary: "Answer a step-up: capture a charge held for the account holder's confirmation",
  tag: 'charges',
  access: access.payments,
  params: holdParams,
  query: noFields,
  body: wireObject({ method: fields.verificationMethod, occurredAt: fields.instant }, {}),
  success: { 200: commandAnswerSchema(['chargeId'], true, holdStatusSchema) },
  errors: [...settleErrors, 'account_frozen'],
});

export const voidSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/charges/:chargeId/void',
  summary: 'Void a held charge (release the whole hold)',
  tag: 'charges',
  access: access.payments,
  params: holdParams,
  query: noFields,
  body: wireObject({ occurredAt: fields.instant, reason: fields.text }, {}),
  success: { 200: commandAnswerSchema(['chargeId'], true, holdStatusSchema) },
  errors: settleErrors,
});

export const holdsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, captureSpec, async ({ params, body }, request) => {
    const amountFractionDigits = body.amount === undefined ? undefined : writtenFractionDigits(request.body);
    const command = {
      kind: 'CaptureHeldCharge' as const,
      ...params,
      ...body,
      ...(amountFractionDigits === undefined ? {} : { amountFractionDigits }),
      ledgerTime: ledgerTime(deps.clock),
    };
    return runCommand(deps.commands, request, command, 200, { chargeId: params.chargeId });
  });
  addRoute(app, stepUpSpec, async ({ params, body }, request) => {
    const { method, occurredAt } = body;
    const command = { kind: 'CaptureHeldCharge' as const, ...params, occurredAt, stepUpMethod: method, ledgerTime: ledgerTime(deps.clock) };
    return runCommand(deps.commands, request, command, 200, { chargeId: params.chargeId });
  });
  addRoute(app, voidSpec, async ({ params, body }, request) =>
    runCommand(deps.commands, request, { kind: 'VoidHold', ...params, ...body, ledgerTime: ledgerTime(deps.clock) }, 200, { chargeId: params.chargeId }),
  );
};
