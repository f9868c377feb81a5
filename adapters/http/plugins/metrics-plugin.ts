// Request counts and latency for every answered request, and GET /metrics (Prometheus text).
import type { FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { right } from 'fp-ts/lib/Either.js';
import { access } from '../access.ts';
import type { Readiness } from '../app-deps.ts';
import { type LedgerMetrics, observeProjectionLag } from '../ledger-metrics.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import { noBody, noFields } from '../wire/wire.ts';

export const metricsSpec = defineRoute({
  method: 'GET',
  url: '/metrics',
  summary: 'Prometheus metrics: requests by route and status, latency, appends, store errors, projection lag, event-loop delay',
  tag: 'operations',
  access: access.metrics,
  params: noFields,
  query: noFields,
  body: noBody,
  success: { 200: { type: 'string', description: 'Prometheus text exposition format' } },
  errors: [],
  mediaTypes: ['text/plain'],
});

const metricsPluginBody: FastifyPluginAsync<{ metrics: LedgerMetrics; readiness: Readiness }> = async (app, { metrics, readiness }) => {
  observeProjectionLag(metrics, readiness);
  // Callback style: an async hook would cost a promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
  addRoute(app, metricsSpec, async () =>
    right({ status: 200, body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }),
  );
};

export const metricsPlugin = fastifyPlugin(metricsPluginBody, { name: 'ledger-metrics', fastify: '5.x' });
