// POST /v1/accounts: open an account.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

const openAccountBody = wireObject(
  { accountId: fields.accountId, currency: fields.currency, homeCountry: fields.country, occurredAt: fields.instant },
  {},
);

export const openAccountSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts',
  summary: 'Open an account',
  tag: 'accounts',
  access: access.payments,
  params: noFields,
  query: noFields,
  body: openAccountBody,
  success: { 201: commandAnswerSchema() },
  errors: ['account_exists', 'retries_exhausted', 'account_busy', 'store_unavailable'],
});

export const accountsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, openAccountSpec, async ({ body }, request) => runCommand(deps.commands, request, { kind: 'OpenAccount', ...body }, 201));
};
