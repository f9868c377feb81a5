// Durable charges per second over loopback HTTP (autocannon, 64 connections), beside a bare
// fastify route that decodes the same params and body with the same io-ts codecs and appends
// nothing, measured in the same run. Each server runs in its own child process (this file, started
// with HTTP_BENCH_SERVER=ledger|bare), so the load generator does not share its event loop.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createMemoryEventStore } from '../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../adapters/event-store/sqlite-event-store.ts';
import { buildApp } from '../adapters/http/build-app.ts';
import { chargeBody } from '../adapters/http/routes/charges-routes.ts';
import { fields } from '../adapters/http/wire/fields.ts';
import { wireObject } from '../adapters/http/wire/wire.ts';
import type { BenchResult } from './bench-result.ts';

export const name = 'http';

// Rounds alternate between the servers (bare, ledger, memory, bare, ...), so that a change in the
// machine's load (a shared 2-core VM) hits every side alike instead of skewing one measured alone.
const load = { connections: 64, warmUpSeconds: 3, rounds: 3, roundSeconds: 4, accounts: 512 };
const key = 'bench-payments-key-0001';
const occurredAt = '2024-05-01T10:00:00+09:00';

export const description = `
autocannon (programmatic) with ${load.connections} connections over loopback, each server in its own Node process
(all started at once, each warmed up for ${load.warmUpSeconds} s), then ${load.rounds} rounds of ${load.roundSeconds} s that take the servers in turn
(bare, durable, memory, bare, ...) so that a change in the machine's load hits every side alike; rates are the mean
over the rounds, p99 the worst round's. Every request is \`POST /v1/accounts/{id}/charges\` of 1 JPY with a
unique chargeId, round-robin over ${load.accounts} accounts (each with a registered, verified device and a large balance).
- **durable charges**: the real app (buildApp: auth, io-ts decoding, the command path, SQLite store with
  WAL + synchronous=FULL and group commit, metrics; logging off on both sides, \`logger: false\`); 201 only after the event is committed.
- **bare route** (baseline): fastify with one route that decodes the same params and body with the same io-ts
  codecs and answers 201 without appending anything.
- **same app on the memory store**: the real app with nothing durable, to show which share of the gap is
  the store's commits and which is the HTTP layer and the command path.
p99 is the latency of the durable charges.
`;

// ---- child process: one server --------------------------------------------------------------

const seedAccounts = async (app: Awaited<ReturnType<typeof buildApp>>): Promise<void> => {
  const post = async (url: string, body: unknown) => {
    const response = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (response.statusCode >= 300) throw new Error(`seed ${url}: ${response.statusCode} ${response.body}`);
  };
  for (let index = 0; index < load.accounts; index += 1) {
    const accountId = `acc-${index}`;
    await post('/v1/accounts', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt });
    await post(`/v1/accounts/${accountId}/devices`, { deviceId: 'phone-1', occurredAt });
    await post(`/v1/accounts/${accountId}/devices/phone-1/verification`, { method: 'passkey', occurredAt });
    await post(`/v1/accounts/${accountId}/top-ups`, { topUpId: 'seed', amount: '900000000000000', source: 'bench', occurredAt });
  }
};

const bareApp = () => {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const params = wireObject({ accountId: fields.accountId }, {});
  app.post('/v1/accounts/:accountId/charges', async (request, reply) => {
    const decodedParams = params.codec.decode(request.params);
    const decodedBody = chargeBody.codec.decode(request.body);
    if (isLeft(decodedParams) || isLeft(decodedBody)) return reply.code(400).send({ error: { code: 'invalid_request', message: 'invalid' } });
    return reply.code(201).send({ accountId: decodedParams.right.accountId, chargeId: decodedBody.right.chargeId });
  });
  return app;
};

const serveChild = async (kind: string, directory: string): Promise<void> => {
  const app = kind === 'bare'
    ? bareApp()
    : await (async () => {
        const store = kind === 'memory' ? createMemoryEventStore() : openSqliteEventStore({ path: join(directory, 'ledger.db') });
        const built = await buildApp({
          store,
          apiKeys: [{ role: 'payments', key }],
          logger: false,
          queries: { balance: async () => undefined, waitFor: async () => true },
        });
        built.addHook('onClose', async () => store.close());
        await seedAccounts(built);
        return built;
      })();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
};

const childKind = process.env.HTTP_BENCH_SERVER;
const childDirectory = process.env.HTTP_BENCH_DIRECTORY;
if (childKind !== undefined && childDirectory !== undefined) await serveChild(childKind, childDirectory);

// ---- parent: the load ---------------------------------------------------------------------------

// `memory` is the same app on the memory store: it separates the cost of durability (the store's
// commits) from the cost of the HTTP layer and the command path.
type ServerKind = 'ledger' | 'memory' | 'bare';

const AutocannonResult = t.type({
  requests: t.type({ average: t.number }),
  latency: t.type({ p50: t.number, p99: t.number }),
  non2xx: t.number,
  errors: t.number,
  '2xx': t.number,
});
type AutocannonResult = t.TypeOf<typeof AutocannonResult>;

const autocannon = async (options: Record<string, unknown>): Promise<AutocannonResult> => {
  const loaded: unknown = createRequire(import.meta.url)('autocannon');
  if (typeof loaded !== 'function') throw new Error('autocannon: unexpected module shape');
  const raw: unknown = await loaded(options);
  const decoded = AutocannonResult.decode(raw);
  if (isLeft(decoded)) throw new Error('autocannon: unexpected result shape');
  return decoded.right;
};

const startChild = (kind: ServerKind, directory: string): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, HTTP_BENCH_SERVER: kind, HTTP_BENCH_DIRECTORY: directory },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`bench server ${kind} exited with ${code}`)));
  });

const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const charges = async (url: string, seconds: number, runId: string): Promise<AutocannonResult> => {
  let sequence = 0;
  return autocannon({
    url,
    connections: load.connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: Record<string, unknown>) => {
          sequence += 1;
          const body = { chargeId: `${runId}-${sequence}`, amount: '1', merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt };
          return { ...request, path: `/v1/accounts/acc-${sequence % load.accounts}/charges`, body: JSON.stringify(body) };
        },
      },
    ],
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
};

type Measured = Readonly<{ requestsPerSecond: number; p50Ms: number; p99Ms: number; ok: number }>;

const checked = (kind: ServerKind, result: AutocannonResult): AutocannonResult => {
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${kind}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return result;
};

const summary = (results: ReadonlyArray<AutocannonResult>): Measured => ({
  requestsPerSecond: results.reduce((sum, result) => sum + result.requests.average, 0) / results.length,
  p50Ms: Math.max(...results.map((result) => result.latency.p50)),
  p99Ms: Math.max(...results.map((result) => result.latency.p99)),
  ok: results.reduce((sum, result) => sum + result['2xx'], 0),
});

const measureAll = async (kinds: ReadonlyArray<ServerKind>, directory: string): Promise<Record<ServerKind, Measured>> => {
  const started: Array<Readonly<{ kind: ServerKind; child: ChildProcess; url: string }>> = [];
  try {
    for (const kind of kinds) {
      const kindDirectory = join(directory, kind);
      mkdirSync(kindDirectory);
      started.push({ kind, ...(await startChild(kind, kindDirectory)) });
    }
    for (const { kind, url } of started) checked(kind, await charges(url, load.warmUpSeconds, `${kind}-warm`));
    const results = new Map<ServerKind, AutocannonResult[]>(kinds.map((kind) => [kind, []]));
    for (let round = 0; round < load.rounds; round += 1) {
      for (const { kind, url } of started) results.get(kind)?.push(checked(kind, await charges(url, load.roundSeconds, `${kind}-run-${round}`)));
    }
    const measured = (kind: ServerKind): Measured => summary(results.get(kind) ?? []);
    return { bare: measured('bare'), ledger: measured('ledger'), memory: measured('memory') };
  } finally {
    await Promise.all(started.map(({ child }) => stopChild(child)));
  }
};

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-http-bench-'));
  try {
    const { bare, ledger, memory } = await measureAll(['bare', 'ledger', 'memory'], directory);
    const baseline = { label: 'bare fastify route (same io-ts decoding, no append)', value: bare.requestsPerSecond };
    console.log(`durable charges: ${ledger.requestsPerSecond.toFixed(0)}/s (p50 ${ledger.p50Ms} ms, p99 ${ledger.p99Ms} ms)`);
    console.log(`bare route:      ${bare.requestsPerSecond.toFixed(0)}/s (p50 ${bare.p50Ms} ms, p99 ${bare.p99Ms} ms)`);
    console.log(`same app, memory store: ${memory.requestsPerSecond.toFixed(0)}/s (p99 ${memory.p99Ms} ms)`);
    console.log(`ratio: ${(ledger.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} (memory store: ${(memory.requestsPerSecond / bare.requestsPerSecond).toFixed(2)})`);
    return [
      {
        label: `durable charges over HTTP (${load.connections} connections, SQLite)`,
        value: Math.round(ledger.requestsPerSecond),
        unit: 'charges/s',
        baseline,
        target: { of: 'ratio', atLeast: 0.7 },
        details: { charges: ledger.ok, p50Ms: ledger.p50Ms, p99Ms: ledger.p99Ms, bareP99Ms: bare.p99Ms },
      },
      {
        label: 'same app on the memory store (no durability)',
        value: Math.round(memory.requestsPerSecond),
        unit: 'charges/s',
        baseline,
        details: { p99Ms: memory.p99Ms },
      },
      { label: 'p99 latency of durable charges (worst round)', value: ledger.p99Ms, unit: 'ms', target: { of: 'value', atMost: 10 } },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
