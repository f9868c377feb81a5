// POST /v1/accounts/{accountId}/top-ups: credit the wallet.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields, writtenFractionDigits } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

export const topUpSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/top-ups',
  summary: 'Top up the wallet',
  tag: 'top-ups',
  access: access.payments,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: noFields,
  // `currency` (extension): when given, it must be the account's currency.
  body: wireObject(
    { topUpId: fields.topUpId, amount: fields.amount, source: fields.text, occurredAt: fields.instant },
    { currency: fields.currency },
  ),
  success: { 201: commandAnswerSchema(['topUpId'], true) },
  errors: ['account_not_found', 'account_frozen', 'currency_mismatch', 'amount_scale_exceeded', 'idempotency_conflict', 'retries_exhausted', 'account_busy', 'store_unavailable'],
});

export const topUpsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, topUpSpec, async ({ params, body }, request) =>
    runCommand(
      deps.commands,
      request,
      { kind: 'TopUpWallet', ...params, ...body, amountFractionDigits: writtenFractionDigits(request.body) },
      201,
      { topUpId: body.topUpId },
    ),
  );
};
