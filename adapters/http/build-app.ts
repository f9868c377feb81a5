// buildApp(deps): the whole HTTP API as a fastify instance, for tests (app.inject) and for the
// server entry (server.ts), which only listens. Collaborators arrive as deps (app-deps.ts).
import { randomUUID } from 'node:crypto';
import { addChainVerifiedHeader } from './chain-verified-header.ts';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { createCommandHandler } from '../command-handling/command-handler.ts';
import { createApprovals, fourEyesOff } from '../approvals/approvals-service.ts';
import { systemClock } from '../event-store/recorded-at.ts';
import { invalidRequest } from './api-error.ts';
import { keyRing } from './api-keys.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { AppDeps, LoggerDeps, Readiness } from './app-deps.ts';
import { createLedgerMetrics, instrumentStore } from './ledger-metrics.ts';
import { authPlugin } from './plugins/auth-plugin.ts';
import { consolePlugin } from './plugins/console-plugin.ts';
import { errorPlugin } from './plugins/error-plugin.ts';
import { metricsPlugin } from './plugins/metrics-plugin.ts';
import { openApiPlugin } from './plugins/openapi-plugin.ts';
import { readYourWritesTimeoutMsDefault } from './read-your-writes.ts';
import type { RouteDeps } from './route-deps.ts';
import { useStrictJson } from './plugins/strict-json.ts';
import { resourcePlugins } from './routes/resource-plugins.ts';
import { sendError } from './route-spec.ts';

export const bodyLimitBytes = 1024 * 1024;
export const requestTimeoutMs = 30_000;
// Ids are up to 128 characters; percent-encoding can triple that. Longer segments are 404.
const paramLengthMax = 3 * 128;

const loggerOptions = (logger: LoggerDeps | false | undefined) => {
  if (logger === false) return false;
  return {
    level: logger?.level ?? 'info',
    ...(logger?.stream === undefined ? {} : { stream: logger.stream }),
    // Keys never reach a log line, whatever serializer or child logger prints the headers.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'request.headers.authorization'], censor: '[redacted]' },
  };
};

// Without a read side to report on, ready is the store answering.
const storeReadiness = (store: EventStore): Readiness => async () => {
  try {
    await store.headPosition();
    return { ready: true, storeReachable: true, projections: {} };
  } catch {
    return { ready: false, storeReachable: false, projections: {} };
  }
};

const registered = new WeakMap<FastifyInstance, ReadonlyArray<Readonly<{ method: string; url: string }>>>();

// Every route the app registered (HEAD routes included), so a test can check each is documented.
export const registeredRoutes = (app: FastifyInstance): ReadonlyArray<Readonly<{ method: string; url: string }>> =>
  registered.get(app) ?? [];

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    // One line per request, on completion (below), instead of fastify's two: half the logging
    // cost on the hot path, and every line still carries the request id.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: bodyLimitBytes,
    // A client gets this long to send a whole request (slow-loris bound; fastify's default is none).
    requestTimeout: requestTimeoutMs,
    genReqId: deps.requestId ?? (() => randomUUID()),
    requestIdHeader: false,
    routerOptions: { maxParamLength: paramLengthMax },
    frameworkErrors: (_error, _request, reply) => sendError(reply, invalidRequest('The URL is not valid.', [{ field: 'url', rule: 'must be a valid URL (percent-encoding, no control characters)' }])),
  });
  const routes: Array<Readonly<{ method: string; url: string }>> = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  registered.set(app, routes);
  app.removeContentTypeParser(['text/plain']);
  useStrictJson(app);
  // Callback-style hooks on the per-request path: an async hook costs a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, url: request.url, route: request.routeOptions.url ?? null, statusCode: reply.statusCode, responseTimeMs: reply.elapsedTime },
      'request completed',
    );
    done();
  });
  // Given metrics mean the caller already instrumented the store (the server shares it with the
  // read side); otherwise the app counts at its own boundary.
  const metrics = deps.metrics ?? createLedgerMetrics();
  const store = deps.metrics === undefined ? instrumentStore(deps.store, metrics) : deps.store;
  addChainVerifiedHeader(app, deps.queries.chainBroken);
  await app.register(openApiPlugin, { version: '1' });
  await app.register(errorPlugin);
  await app.register(authPlugin, { keys: keyRing(deps.apiKeys) });
  const readiness = deps.readiness ?? storeReadiness(store);
  await app.register(metricsPlugin, { metrics, readiness });
  const commands = (deps.commandHandler ?? createCommandHandler)(store);
  const clock = deps.clock ?? systemClock;
  const routeDeps: RouteDeps = {
    commands,
    store,
    clock,
    queries: deps.queries,
    incidents: deps.incidents,
    alerts: deps.alerts,
    log: deps.log,
    readYourWritesTimeoutMs: deps.readYourWritesTimeoutMs ?? readYourWritesTimeoutMsDefault,
    readiness,
    approvals: deps.approvals ?? createApprovals({ store, commands, clock, config: deps.fourEyes ?? fourEyesOff }),
    stepUp: deps.stepUp,
    stepUpHoldExpiresAfterMs: deps.stepUpHoldExpiresAfterMs,
  };
  for (const plugin of resourcePlugins) await app.register(plugin, routeDeps);
  if (deps.consoleDirectory !== undefined) await app.register(consolePlugin, { directory: deps.consoleDirectory });
  return app;
};
