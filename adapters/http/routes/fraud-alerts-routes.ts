// GET /v1/fraud/alerts?since=<time>: alerts raised by the fraud rules.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { access } from '../access.ts';
import { apiError } from '../api-error.ts';
import { awaitPosition } from '../read-your-writes.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fraudAlertSchema } from '../wire/alert-details-schema.ts';
import { fields } from '../wire/fields.ts';
import { pageLimitMax, queryFields } from '../wire/query-fields.ts';
import { noBody, noFields, wireObject } from '../wire/wire.ts';

const beginning = instantFromEpochMs(0);

export const alertsSpec = defineRoute({
  method: 'GET',
  url: '/v1/fraud/alerts',
  summary: `Fraud alerts that occurred at or after since (default: all), oldest first, at most limit (default and max ${pageLimitMax})`,
  tag: 'fraud',
  access: access.read,
  params: noFields,
  query: wireObject({}, { since: fields.instant, limit: queryFields.limit, waitFor: queryFields.position }),
  body: noBody,
  success: {
    200: {
      type: 'object',
      required: ['alerts'],
      properties: {
        alerts: {
          type: 'array',
          items: fraudAlertSchema,
        },
      },
    },
  },
  errors: ['not_available', 'projection_behind', 'store_unavailable'],
});

export const fraudAlertsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, alertsSpec, async ({ query }) => {
    const alerts = deps.alerts;
    if (alerts === undefined) return left(apiError(503, 'not_available', 'Fraud alerts are not available in this deployment.'));
    const waited = await awaitPosition(query.waitFor, deps.store, alerts.waitFor, deps.readYourWritesTimeoutMs);
    if (waited !== undefined) return left(waited);
    const found = await alerts.since(query.since ?? beginning, query.limit ?? pageLimitMax);
    return right({ status: 200, body: { alerts: found } });
  });
};
