// Prometheus metrics (prom-client), one registry per app so that tests and servers never share
// counters. Route labels are route patterns, never raw URLs, so cardinality stays bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { Readiness } from './app-deps.ts';

export type LedgerMetrics = Readonly<{
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  appends: Counter<'type'>;
  storeErrors: Counter<'operation'>;
}>;

export const createLedgerMetrics = (): LedgerMetrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({ name: 'ledger_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    latency: new Histogram({
      name: 'ledger_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    appends: new Counter({ name: 'ledger_events_appended_total', help: 'Events appended by type', labelNames: ['type'], registers: [registry] }),
    storeErrors: new Counter({ name: 'ledger_store_errors_total', help: 'Event store operations that failed', labelNames: ['operation'], registers: [registry] }),
  };
};

// Plain promise chains rather than async wrappers: these run on every command and read, and an
// async function with an await costs extra promises and microtask turns each time.
const counted = <A extends unknown[], R>(metrics: LedgerMetrics, operation: string, run: (...args: A) => Promise<R>) => {
  const failed = (error: unknown): never => {
    metrics.storeErrors.inc({ operation });
    throw error;
  };
  return (...args: A): Promise<R> => {
    try {
      return run(...args).catch(failed);
    } catch (error) {
      return Promise.reject(error).catch(failed);
    }
  };
};

// The store as the HTTP adapter sees it: every append counted by event type, every failure counted.
export const instrumentStore = (store: EventStore, metrics: LedgerMetrics): EventStore => ({
  ...store,
  append: counted(metrics, 'append', (streamId, events, expected) =>
    store.append(streamId, events, expected).then((outcome) => {
      if (outcome.kind === 'appended') for (const event of outcome.events) metrics.appends.inc({ type: event.type });
      return outcome;
    }),
  ),
  readStream: counted(metrics, 'readStream', store.readStream),
  readAll: counted(metrics, 'readAll', store.readAll),
  headPosition: counted(metrics, 'headPosition', store.headPosition),
});

export const projectionLagMetric = 'ledger_projection_lag_events';

// Per projection, the events it has not applied yet, computed at each scrape. The event loop's
// delay (p99, max, in seconds) comes with the default metrics: nodejs_eventloop_lag_p99_seconds
// and nodejs_eventloop_lag_max_seconds. Once per registry (an app built twice on one metrics).
export const observeProjectionLag = (metrics: LedgerMetrics, readiness: Readiness): void => {
  if (metrics.registry.getSingleMetric(projectionLagMetric) !== undefined) return;
  new Gauge({
    name: projectionLagMetric,
    help: 'Events appended that the projection has not applied yet',
    labelNames: ['projection'],
    registers: [metrics.registry],
    async collect() {
      const report = await readiness();
      this.reset();
      for (const [projection, { lag }] of Object.entries(report.projections)) this.set({ projection }, lag);
    },
  });
};
