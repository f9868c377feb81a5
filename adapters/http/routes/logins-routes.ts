// POST /v1/accounts/{accountId}/logins: record a login attempt (evidence for fraud rules).
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

export const recordLoginSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/logins',
  summary: 'Record a login',
  tag: 'logins',
  access: access.payments,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: noFields,
  body: wireObject(
    {
      loginId: fields.loginId,
      deviceId: fields.deviceId,
      ipAddress: fields.ipAddress,
      country: fields.country,
      outcome: fields.loginOutcome,
      occurredAt: fields.instant,
    },
    {},
  ),
  success: { 201: commandAnswerSchema(['loginId']) },
  errors: ['account_not_found', 'idempotency_conflict', 'retries_exhausted', 'account_busy', 'store_unavailable'],
});

export const loginsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, recordLoginSpec, async ({ params, body }, request) =>
    runCommand(deps.commands, request, { kind: 'RecordLogin', ...params, ...body }, 201, { loginId: body.loginId }),
  );
};
