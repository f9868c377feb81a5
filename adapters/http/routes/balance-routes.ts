// GET /v1/accounts/{accountId}/balance?asOf&knownAt: bitemporal balance.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { access } from '../access.ts';
import { apiError } from '../api-error.ts';
import { awaitPosition } from '../read-your-writes.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { queryFields } from '../wire/query-fields.ts';
import { noBody, wireObject } from '../wire/wire.ts';

const text = { type: 'string' } as const;

export const balanceSpec = defineRoute({
  method: 'GET',
  url: '/v1/accounts/:accountId/balance',
  summary: 'Balance at a valid time (asOf) as known at a transaction time (knownAt); both default to now',
  tag: 'balance',
  access: access.balance,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: wireObject({}, { asOf: fields.instant, knownAt: fields.instant, waitFor: queryFields.position }),
  body: noBody,
  success: {
    200: {
      type: 'object',
      required: ['accountId', 'currency', 'asOf', 'knownAt', 'ledgerBalance', 'correctedBalance'],
      properties: {
        accountId: text, currency: text, asOf: text, knownAt: text, ledgerBalance: text, correctedBalance: text,
        // v1.1: the sum of open holds, and ledgerBalance - heldBalance, both as of asOf, known at knownAt.
        heldBalance: text, availableBalance: text,
      },
    },
  },
  errors: ['account_not_found', 'projection_behind', 'store_unavailable'],
});

export const balanceRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, balanceSpec, async ({ params, query }) => {
    // Without an explicit waitFor, the answer includes everything the store had acknowledged when
    // the request arrived: a balance "known now" must not miss a charge the index has not yet
    // folded (nor call an account that exists unknown). Bounded: 503 projection_behind past it.
    const position = query.waitFor ?? (await deps.store.headPosition());
    const waited = await awaitPosition(position, deps.store, deps.queries.waitFor, deps.readYourWritesTimeoutMs);
    if (waited !== undefined) return left(waited);
    const now = instantFromEpochMs(deps.clock.now().getTime());
    const asOf = query.asOf ?? now;
    const knownAt = query.knownAt ?? now;
    const balance = await deps.queries.balance({ accountId: params.accountId, asOf, knownAt });
    if (balance === undefined) {
      return left(apiError(404, 'account_not_found', `Account ${params.accountId} does not exist (as known at ${knownAt}).`));
    }
    const { currency, ledgerBalance, correctedBalance, heldBalance, availableBalance } = balance;
    const held = heldBalance === undefined || availableBalance === undefined ? {} : { heldBalance, availableBalance };
    return right({ status: 200, body: { accountId: params.accountId, currency, asOf, knownAt, ledgerBalance, correctedBalance, ...held } });
  });
};
