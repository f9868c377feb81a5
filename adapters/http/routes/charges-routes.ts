// POST /v1/accounts/{accountId}/charges: pay with the wallet.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { left } from 'fp-ts/lib/Either.js';
import { invalidRequest } from '../api-error.ts';
import { commandAnswerSchema, holdStatusSchema, ledgerTime, runCommand, stepUpAnswerSchema } from '../command-answer.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields, writtenFractionDigits } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

// Exported for the benchmark's bare route, which validates the same body with the same codec.
export const chargeBody = wireObject(
  {
    chargeId: fields.chargeId,
    amount: fields.amount,
    merchantId: fields.merchantId,
    storeId: fields.storeId,
    deviceId: fields.deviceId,
    occurredAt: fields.instant,
  },
  // `currency` (extension): when given, it must be the account's currency.
  // `capture: "manual"` (v1.1): hold the amount until a capture, a void or `holdExpiresAt`.
  // `stepUp: "supported"` (v1.1): the client can answer a step-up (a flagged charge is held, 202).
  { category: fields.text, currency: fields.currency, capture: fields.captureMode, holdExpiresAt: fields.instant, stepUp: fields.stepUpSupport },
);

export const chargeSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/charges',
  summary: 'Charge the wallet',
  tag: 'charges',
  access: access.payments,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: noFields,
  body: chargeBody,
  success: { 201: commandAnswerSchema(['chargeId'], true, holdStatusSchema), 202: stepUpAnswerSchema },
  errors: [
    'account_not_found', 'hold_expiry_out_of_range', 'step_up_required', 'insufficient_funds', 'device_not_registered', 'device_not_verified', 'account_frozen',
    'currency_mismatch', 'amount_scale_exceeded', 'idempotency_conflict', 'retries_exhausted', 'account_busy', 'store_unavailable',
  ],
});

const stepUpOff = {};

export const chargesRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, chargeSpec, async ({ params, body }, request) => {
    const { capture, holdExpiresAt, stepUp: support, ...charge } = body;
    // holdExpiresAt without capture manual is refused rather than ignored: the caller meant a hold.
    if (capture === undefined && holdExpiresAt !== undefined) {
      return left(invalidRequest('holdExpiresAt is only for "capture": "manual".', [{ field: 'body.holdExpiresAt', rule: 'only with "capture": "manual"' }]));
    }
    const hold = capture === undefined ? {} : { hold: { ledgerTime: ledgerTime(deps.clock), ...(holdExpiresAt === undefined ? {} : { expiresAt: holdExpiresAt }) } };
    // Step-up off: nothing is added (the charge is decided as in v1, "stepUp" is ignored).
    const window = deps.stepUpHoldExpiresAfterMs === undefined ? {} : { holdExpiresAfterMs: deps.stepUpHoldExpiresAfterMs };
    const stepUp = deps.stepUp === undefined ? stepUpOff : { stepUp: { rules: deps.stepUp, supported: support === 'supported', ledgerTime: ledgerTime(deps.clock), ...window } };
    const command = {
      kind: 'ChargeWallet' as const, ...params, ...charge, ...hold, ...stepUp, amountFractionDigits: writtenFractionDigits(request.body),
    };
    return runCommand(deps.commands, request, command, 201, { chargeId: body.chargeId });
  });
};
