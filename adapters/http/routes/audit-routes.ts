// GET /v1/accounts/{accountId}/audit: replay the account and verify its hash chain.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { access } from '../access.ts';
import { auditAccount } from '../../../projections/account-audit.ts';
import { apiError } from '../api-error.ts';
import { awaitPosition } from '../read-your-writes.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { queryFields } from '../wire/query-fields.ts';
import { noBody, wireObject } from '../wire/wire.ts';

export const auditSpec = defineRoute({
  method: 'GET',
  url: '/v1/accounts/:accountId/audit',
  summary: 'Replay the account from its first event, recompute every hash, report the first broken revision',
  tag: 'history',
  access: access.read,
  params: wireObject({ accountId: fields.accountId }, {}),
  query: wireObject({}, { waitFor: queryFields.position }),
  body: noBody,
  success: {
    200: {
      type: 'object',
      required: ['accountId', 'events', 'verified', 'headHash'],
      properties: {
        accountId: { type: 'string' },
        events: { type: 'integer', description: 'events replayed' },
        verified: { type: 'boolean' },
        headHash: { type: 'string' },
        firstBrokenRevision: { type: 'integer' },
        issuedBy: {
          type: 'object',
          additionalProperties: { type: 'integer' },
          description: 'events per recorded issuedBy (key id, system:<rule or job>, cli:<user>); events with none are not counted',
        },
      },
    },
  },
  errors: ['account_not_found', 'projection_behind', 'store_unavailable'],
});

export const auditRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, auditSpec, async ({ params, query }) => {
    const waited = await awaitPosition(query.waitFor, deps.store, undefined, deps.readYourWritesTimeoutMs);
    if (waited !== undefined) return left(waited);
    const audit = await auditAccount(deps.store, params.accountId);
    if (audit === undefined) return left(apiError(404, 'account_not_found', `Account ${params.accountId} does not exist.`));
    return right({ status: 200, body: audit });
  });
};
