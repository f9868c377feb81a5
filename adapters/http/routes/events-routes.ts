// GET /v1/accounts/{accountId}/events?after&limit: the account's history, paged, hash-chained.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { access } from '../access.ts';
import { accountHistory } from '../../../projections/account-history.ts';
import { apiError } from '../api-error.ts';
import { awaitPosition } from '../read-your-writes.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { named } from '../wire/named-schema.ts';
import { accountEventSchema } from '../wire/event-schemas.ts';
import { fields } from '../wire/fields.ts';
import { pageLimitMax, queryFields } from '../wire/query-fields.ts';
import { noBody, wireObject } from '../wire/wire.ts';

export const historyLimitDefault = 100;

export const eventsSpec = defineRoute({
  method: 'GET',
  url: '/v1/accounts/:accountId/events',
  summary: `The account's events in order, after a global position (default: from the start), at most limit (default ${historyLimitDefault}, max ${pageLimitMax})`,
  tag: 'history',
  access: access.read,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: wireObject({}, { after: queryFields.position, limit: queryFields.limit, waitFor: queryFields.position }),
  body: noBody,
  success: {
    200: {
      type: 'object',
      required: ['events', 'next'],
      properties: {
        events: {
          type: 'array',
          items: named('AccountEvent', accountEventSchema),
        },
        next: { type: 'string', nullable: true, description: 'pass as `after` for the next page; null at the end' },
      },
    },
  },
  errors: ['account_not_found', 'projection_behind', 'store_unavailable'],
});

export const eventsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, eventsSpec, async ({ params, query }) => {
    const waited = await awaitPosition(query.waitFor, deps.store, undefined, deps.readYourWritesTimeoutMs);
    if (waited !== undefined) return left(waited);
    const page = await accountHistory(deps.store, params.accountId, {
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit ?? historyLimitDefault,
    });
    if (page === undefined) return left(apiError(404, 'account_not_found', `Account ${params.accountId} does not exist.`));
    const { log } = deps;
    if (log === undefined) return right({ status: 200, body: page });
    // An event the log has not numbered yet (EventStoreDB numbers as it feeds) has no logIndex yet.
    const events = page.events.map((event) => {
      const logIndex = log.logIndexOf(BigInt(event.position));
      return logIndex === undefined ? event : { ...event, logIndex };
    });
    return right({ status: 200, body: { ...page, events } });
  });
};
