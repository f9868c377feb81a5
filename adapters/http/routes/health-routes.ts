// GET /health: liveness, no key needed.
import type { FastifyPluginAsync } from 'fastify';
import { right } from 'fp-ts/lib/Either.js';
import { addRoute, defineRoute } from '../route-spec.ts';
import { noBody, noFields } from '../wire/wire.ts';

export const healthSpec = defineRoute({
  method: 'GET',
  url: '/health',
  summary: 'Liveness (no key needed)',
  tag: 'operations',
  access: 'public',
  params: noFields,
  query: noFields,
  body: noBody,
  success: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', const: 'ok' } } } },
  errors: [],
});

export const healthRoutes: FastifyPluginAsync = async (app) => {
  addRoute(app, healthSpec, async () => right({ status: 200, body: { status: 'ok' } }));
};
