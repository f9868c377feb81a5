// GET /v1/incidents/{incidentId}/reimbursements: what each victim is owed, as JSON or CSV.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { reimbursementsCsv } from '../../../projections/reimbursements/reimbursements-csv.ts';
import { access } from '../access.ts';
import { apiError } from '../api-error.ts';
import { jsonMediaType, negotiatedMediaType } from '../media-type.ts';
import { awaitPosition } from '../read-your-writes.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { queryFields } from '../wire/query-fields.ts';
import { noBody, wireObject } from '../wire/wire.ts';

const text = { type: 'string' } as const;
const csvMediaType = 'text/csv';

export const reimbursementsSpec = defineRoute({
  method: 'GET',
  url: '/v1/incidents/:incidentId/reimbursements',
  summary: 'Reimbursements of an incident: one row per affected account, sorted by accountId (as CSV when Accept prefers text/csv)',
  tag: 'incidents',
  access: access.read,
  params: wireObject({ incidentId: fields.incidentId }, {}),
  query: wireObject({}, { waitFor: queryFields.position }),
  body: noBody,
  success: {
    200: {
      type: 'object',
      required: ['incidentId', 'rows', 'total'],
      properties: {
        incidentId: text,
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: ['accountId', 'currency', 'charges', 'amount'],
            properties: { accountId: text, currency: text, charges: { type: 'integer' }, amount: text },
          },
        },
        total: { type: 'object', additionalProperties: text },
      },
    },
  },
  errors: ['not_found', 'not_available', 'projection_behind', 'store_unavailable'],
  mediaTypes: [jsonMediaType, csvMediaType],
});

export const reimbursementsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, reimbursementsSpec, async ({ params, query }, request) => {
    const incidents = deps.incidents;
    if (incidents === undefined) return left(apiError(503, 'not_available', 'Incidents are not available in this deployment.'));
    // Without an explicit waitFor the report waits for the store's head: finance reading right
    // after a run must see all of it, and a report is rare enough to afford the wait.
    const position = query.waitFor ?? (await deps.store.headPosition());
    const waited = await awaitPosition(position, deps.store, incidents.waitFor, deps.readYourWritesTimeoutMs);
    if (waited !== undefined) return left(waited);
    const report = await incidents.reimbursements(params.incidentId);
    if (report === undefined) return left(apiError(404, 'not_found', `No incident ${params.incidentId} was declared or reversed anything.`));
    return right(
      negotiatedMediaType(request, reimbursementsSpec.mediaTypes ?? []) === csvMediaType
        ? { status: 200, body: reimbursementsCsv(report), contentType: 'text/csv; charset=utf-8' }
        : { status: 200, body: report },
    );
  });
};
