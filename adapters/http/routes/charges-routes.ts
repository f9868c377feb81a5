// POST /v1/accounts/{accountId}/charges: pay with the wallet.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
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
  { category: fields.text, currency: fields.currency },
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
  success: { 201: commandAnswerSchema(['chargeId'], true) },
  errors: [
    'account_not_found', 'insufficient_funds', 'device_not_registered', 'device_not_verified', 'account_frozen',
    'currency_mismatch', 'amount_scale_exceeded', 'idempotency_conflict', 'retries_exhausted', 'account_busy', 'store_unavailable',
  ],
});

export const chargesRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, chargeSpec, async ({ params, body }, request) =>
    runCommand(
      deps.commands,
      request,
      { kind: 'ChargeWallet', ...params, ...body, amountFractionDigits: writtenFractionDigits(request.body) },
      201,
      { chargeId: body.chargeId },
    ),
  );
};
