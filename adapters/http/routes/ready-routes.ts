// GET /ready: readiness, no key needed (http-v1-additions.md, Operations). 200 when the store
// answers and every projection is within LEDGER_READY_LAG_MAX events of its head; else 503
// not_ready, the details saying what is behind. /health stays liveness.
import type { FastifyPluginAsync } from 'fastify';
import { left, right } from 'fp-ts/lib/Either.js';
import { apiError } from '../api-error.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { noBody, noFields } from '../wire/wire.ts';

const projectionsSchema = {
  type: 'object',
  description: 'Per projection: state, checkpoint, head (positions as strings) and lag (events not applied yet)',
  additionalProperties: {
    type: 'object',
    required: ['state', 'checkpoint', 'head', 'lag'],
    properties: {
      state: { type: 'string' }, checkpoint: { type: 'string' }, head: { type: 'string' }, lag: { type: 'integer' }, error: { type: 'string' },
    },
  },
} as const;

export const readySpec = defineRoute({
  method: 'GET',
  url: '/ready',
  summary: 'Readiness (no key needed): the store answers and every projection is within LEDGER_READY_LAG_MAX events of its head',
  tag: 'operations',
  access: 'public',
  params: noFields,
  query: noFields,
  body: noBody,
  success: {
    200: { type: 'object', required: ['status', 'projections'], properties: { status: { type: 'string', const: 'ready' }, projections: projectionsSchema } },
  },
  errors: ['not_ready'],
});

export const readyRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, readySpec, async () => {
    const report = await deps.readiness();
    if (report.ready) return right({ status: 200, body: { status: 'ready', projections: report.projections } });
    const behind = Object.entries(report.projections)
      .filter(([, projection]) => projection.state === 'failed' || projection.checkpoint !== projection.head)
      .map(([name, projection]) => `${name} (${projection.state === 'failed' ? 'failed' : `${projection.lag} events behind`})`);
    const message = report.storeReachable ? `Not ready: ${behind.join(', ')}.` : 'Not ready: the event store does not answer.';
    return left(apiError(503, 'not_ready', message, { projections: report.projections }));
  });
};
