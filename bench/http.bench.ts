// The product as served: `npm start`'s own process (bench/served/served-process.ts) with its
// defaults, every projection and fraud rule live, beside a bare fastify route validating the same
// body (bench/served/bare-server.ts), each in its own process, loaded by a third process
// (bench/served/charge-load.ts) so that no two share an event loop. Rounds alternate.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.ts';
import { type Round, type RoundsSummary, measureRound, summarize } from './served/served-rounds.ts';
import { startServed, stopProcess } from './served/served-process.ts';
import { type SettledBalance, seedAccounts, settledBalance } from './served/seed-accounts.ts';

export const name = 'http';

// BENCH_HTTP_ROUNDS and BENCH_HTTP_ROUND_SECONDS shorten a run while iterating (1 to 20 each);
// the published figures use the defaults.
const boundedSetting = (text: string | undefined, fallback: number): number => {
  const value = Number(text);
  return text !== undefined && Number.isInteger(value) && value >= 1 && value <= 20 ? value : fallback;
};
const load = {
  connections: 64,
  warmUpSeconds: 3,
  rounds: boundedSetting(process.env.BENCH_HTTP_ROUNDS, 3),
  roundSeconds: boundedSetting(process.env.BENCH_HTTP_ROUND_SECONDS, 5),
  accounts: 100,
};
const keys = { payments: 'bench-payments-key-0001', auditor: 'bench-auditor-key-00001' };
const occurredAt = '2024-05-01T10:00:00+09:00';
const hotAccount = 'hot-account';
const seedAmount = 900_000_000_000n;

export const description = `
Every figure is of the product as \`npm start\` serves it: the package's start script run as a child process with its
defaults (log level info, one log line per request, every projection and fraud rule live on the read side, the SQLite
store with WAL and synchronous=FULL), only PORT=0, LEDGER_STORE (a fresh directory) and LEDGER_API_KEYS set. The
baseline is a bare fastify route, in its own process, decoding the same params and body with the same io-ts codecs and
answering 201 without appending. The load comes from a third process (autocannon, ${load.connections} connections,
1 JPY charges with unique chargeIds). After a ${load.warmUpSeconds} s warm-up of each, ${load.rounds} rounds of
${load.roundSeconds} s take bare, served (${load.accounts} accounts round-robin) and served (one hot account) in turn,
so that a change in the shared machine's load hits every side alike; rates are the mean over rounds, latencies the
worst round's. Event-loop delay is read from the server's own /metrics (prom-client, reset at each scrape) before and
after each round; CPU per charge is the server process's user+system time (all its threads) over the rounds divided
by the charges it accepted. The hot-account line is met only if, beyond its ratio, no request was refused and the
account's settled balance equals its top-up less the accepted charges, less at most one in-flight charge per
connection per run (the load generator stops with those unanswered): never overdrawn, none lost, none doubled.
`;

const startBare = (): Promise<{ child: ChildProcess; url: string; pid: number }> =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL('./served/bare-server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined && child.pid !== undefined) resolve({ child, url: match[1], pid: child.pid });
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });

const manyAccounts = Array.from({ length: load.accounts }, (_, index) => `acc-${index}`);

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-served-bench-'));
  const children: ChildProcess[] = [];
  try {
    const served = await startServed(directory, `payments:${keys.payments},auditor:${keys.auditor}`);
    children.push(served.child);
    const bare = await startBare();
    children.push(bare.child);
    const authorization = `Bearer ${keys.payments}`;
    await seedAccounts(served.url, authorization, [...manyAccounts, hotAccount], seedAmount, occurredAt);
    const servedTarget = { url: served.url, pid: served.pid, metricsAuthorization: `Bearer ${keys.auditor}` };
    const options = (url: string, accounts: ReadonlyArray<string>, seconds: number, runId: string) =>
      ({ url, authorization, accounts: [...accounts], connections: load.connections, seconds, runId, occurredAt });
    const rounds = { bare: [] as Round[], many: [] as Round[], hot: [] as Round[] };
    const hot = { accepted: 0, runs: 0 };
    const hotRound = async (seconds: number, runId: string): Promise<Round> => {
      const round = await measureRound(servedTarget, options(served.url, [hotAccount], seconds, runId));
      hot.accepted += round.load.ok;
      hot.runs += 1;
      return round;
    };
    await measureRound(bare, options(bare.url, manyAccounts, load.warmUpSeconds, 'bare-warm'));
    await measureRound(servedTarget, options(served.url, manyAccounts, load.warmUpSeconds, 'many-warm'));
    await hotRound(load.warmUpSeconds, 'hot-warm');
    for (let round = 0; round < load.rounds; round += 1) {
      rounds.bare.push(await measureRound(bare, options(bare.url, manyAccounts, load.roundSeconds, `bare-${round}`)));
      rounds.many.push(await measureRound(servedTarget, options(served.url, manyAccounts, load.roundSeconds, `many-${round}`)));
      rounds.hot.push(await hotRound(load.roundSeconds, `hot-${round}`));
    }
    // The load generator stops with up to one request per connection in flight, unanswered but
    // possibly applied: the balance must lie between these bounds, and settle there.
    const highest = seedAmount - BigInt(hot.accepted);
    const lowest = highest - BigInt(hot.runs * load.connections);
    const balance = await settledBalance(served.url, authorization, hotAccount);
    return results(summarize(rounds.bare), summarize(rounds.many), summarize(rounds.hot), { lowest, highest, balance });
  } finally {
    await Promise.all(children.map(stopProcess));
    rmSync(directory, { recursive: true, force: true });
  }
};

const detailsOf = (summary: RoundsSummary) => ({
  p50Ms: summary.p50Ms,
  p99Ms: summary.p99Ms,
  maxMs: summary.maxMs,
  cpuMicrosecondsPerCharge: Math.round(summary.cpuMicrosecondsPerRequest),
  loopDelayP99Ms: summary.loopDelayP99Ms?.toFixed(1),
  loopDelayMaxMs: summary.loopDelayMaxMs?.toFixed(1),
  statuses: JSON.stringify(summary.statuses),
  errors: summary.errors,
});

type HotBalance = Readonly<{ lowest: bigint; highest: bigint; balance: SettledBalance }>;

const balanceHolds = ({ lowest, highest, balance }: HotBalance): boolean => {
  if (!balance.settled || !/^[0-9]+$/.test(balance.answered)) return false;
  const answered = BigInt(balance.answered);
  return answered >= lowest && answered <= highest;
};

const results = (bare: RoundsSummary, many: RoundsSummary, hot: RoundsSummary, hotBalance: HotBalance): BenchResult[] => {
  const refused = (summary: RoundsSummary) => summary.errors + Object.entries(summary.statuses).filter(([status]) => !status.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  const delayMaxMs = Math.max(many.loopDelayMaxMs ?? Number.NaN, hot.loopDelayMaxMs ?? Number.NaN);
  return [
    {
      label: `served durable charges, ${load.accounts} accounts (${load.connections} connections)`,
      value: Math.round(many.requestsPerSecond),
      unit: 'charges/s',
      baseline: { label: 'bare validated fastify route', value: Math.round(bare.requestsPerSecond) },
      target: { of: 'ratio', atLeast: 0.5 },
      details: { ...detailsOf(many), bareP99Ms: bare.p99Ms, bareCpuMicrosecondsPerRequest: Math.round(bare.cpuMicrosecondsPerRequest) },
    },
    {
      label: 'served p99 latency (worst round)',
      value: many.p99Ms,
      unit: 'ms',
      baseline: { label: 'bare route p99', value: bare.p99Ms },
      target: { of: 'ratio', atMost: 3 },
    },
    {
      label: 'served event-loop delay, max over the rounds',
      value: Number(delayMaxMs.toFixed(1)),
      unit: 'ms',
      target: { of: 'value', atMost: 50 },
    },
    {
      label: `served durable charges, ONE hot account (${load.connections} connections)`,
      value: Math.round(hot.requestsPerSecond),
      unit: 'charges/s',
      baseline: { label: `served, ${load.accounts} accounts`, value: Math.round(many.requestsPerSecond) },
      target: { of: 'ratio', atLeast: 0.25 },
      passed: hot.requestsPerSecond >= 0.25 * many.requestsPerSecond && refused(hot) === 0 && balanceHolds(hotBalance),
      details: {
        ...detailsOf(hot),
        refused: refused(hot),
        balance: `${hotBalance.balance.answered}${hotBalance.balance.settled ? '' : ' (not settled)'}, expected ${hotBalance.lowest}..${hotBalance.highest}`,
      },
    },
  ];
};
