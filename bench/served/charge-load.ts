// The load generator, run as its own process (`node --import tsx bench/served/charge-load.ts
// <json options>`) so that it never shares an event loop or a process with the server it measures.
// Every request is a 1 JPY charge with a unique chargeId, round-robin over the given accounts.
// Prints one JSON line: autocannon's figures plus the count of answers by status.
import { createRequire } from 'node:module';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';

export const LoadOptions = t.type({
  url: t.string,
  authorization: t.string,
  accounts: t.array(t.string),
  connections: t.number,
  seconds: t.number,
  runId: t.string,
  occurredAt: t.string,
});
export type LoadOptions = t.TypeOf<typeof LoadOptions>;

export const LoadResult = t.type({
  requestsPerSecond: t.number,
  p50Ms: t.number,
  p99Ms: t.number,
  maxMs: t.number,
  ok: t.number,
  statuses: t.record(t.string, t.number),
  errors: t.number,
});
export type LoadResult = t.TypeOf<typeof LoadResult>;

const Autocannon = t.type({
  requests: t.type({ average: t.number }),
  latency: t.type({ p50: t.number, p99: t.number, max: t.number }),
  errors: t.number,
  '2xx': t.number,
  statusCodeStats: t.record(t.string, t.type({ count: t.number })),
});

const runLoad = async (options: LoadOptions): Promise<LoadResult> => {
  const autocannon: unknown = createRequire(import.meta.url)('autocannon');
  if (typeof autocannon !== 'function') throw new Error('autocannon: unexpected module shape');
  let sequence = 0;
  const raw: unknown = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization: options.authorization, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          sequence += 1;
          const accountId = options.accounts[sequence % options.accounts.length];
          const body = { chargeId: `${options.runId}-${sequence}`, amount: '1', merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt: options.occurredAt };
          return { ...request, path: `/v1/accounts/${accountId}/charges`, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const decoded = Autocannon.decode(raw);
  if (isLeft(decoded)) throw new Error('autocannon: unexpected result shape');
  const result = decoded.right;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok: result['2xx'],
    statuses,
    errors: result.errors,
  };
};

const argument = process.argv[2];
if (argument !== undefined && process.argv[1]?.endsWith('charge-load.ts') === true) {
  const options = LoadOptions.decode(JSON.parse(argument));
  if (isLeft(options)) throw new Error('charge-load: bad options');
  process.stdout.write(`${JSON.stringify(await runLoad(options.right))}\n`);
}
