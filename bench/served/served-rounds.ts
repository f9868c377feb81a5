// Runs the load generator as a child process and measures one round against a server: the load's
// own figures, plus, for the served ledger, the server's CPU time and event-loop delay over the
// round (scraped from its /metrics right before and right after).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import { type LoadOptions, LoadResult } from './charge-load.ts';
import { type LoopDelay, cpuTimeMs, scrapeLoopDelay } from './served-process.ts';

const loadScript = fileURLToPath(new URL('./charge-load.ts', import.meta.url));

export const runLoad = (options: LoadOptions): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', loadScript, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      const decoded = LoadResult.decode(JSON.parse(output));
      if (isLeft(decoded)) return reject(new Error('load generator: unexpected output'));
      resolve(decoded.right);
    });
  });

export type Round = Readonly<{ load: LoadResult; cpuMs: number; loopDelay?: LoopDelay }>;

export type MeasuredServer = Readonly<{ url: string; pid: number; metricsAuthorization?: string }>;

export const measureRound = async (server: MeasuredServer, options: LoadOptions): Promise<Round> => {
  const scrape = () => (server.metricsAuthorization === undefined ? Promise.resolve(undefined) : scrapeLoopDelay(server.url, server.metricsAuthorization));
  await scrape();
  const cpuBefore = cpuTimeMs(server.pid);
  const load = await runLoad(options);
  const cpuMs = cpuTimeMs(server.pid) - cpuBefore;
  const loopDelay = await scrape();
  return loopDelay === undefined ? { load, cpuMs } : { load, cpuMs, loopDelay };
};

export type RoundsSummary = Readonly<{
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  cpuMicrosecondsPerRequest: number;
  loopDelayP99Ms?: number;
  loopDelayMaxMs?: number;
  statuses: Readonly<Record<string, number>>;
  errors: number;
}>;

// Rates are the mean over the rounds; latencies and delays the worst round's.
export const summarize = (rounds: ReadonlyArray<Round>): RoundsSummary => {
  const ok = rounds.reduce((sum, round) => sum + round.load.ok, 0);
  const statuses: Record<string, number> = {};
  for (const round of rounds) for (const [status, count] of Object.entries(round.load.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const delays = rounds.flatMap((round) => (round.loopDelay === undefined ? [] : [round.loopDelay]));
  const worst = (values: ReadonlyArray<number>): number => Math.max(...values);
  const base = {
    requestsPerSecond: rounds.reduce((sum, round) => sum + round.load.requestsPerSecond, 0) / rounds.length,
    p50Ms: worst(rounds.map((round) => round.load.p50Ms)),
    p99Ms: worst(rounds.map((round) => round.load.p99Ms)),
    maxMs: worst(rounds.map((round) => round.load.maxMs)),
    ok,
    cpuMicrosecondsPerRequest: ok === 0 ? Number.NaN : (rounds.reduce((sum, round) => sum + round.cpuMs, 0) * 1000) / ok,
    statuses,
    errors: rounds.reduce((sum, round) => sum + round.load.errors, 0),
  };
  if (delays.length === 0) return base;
  return { ...base, loopDelayP99Ms: worst(delays.map((delay) => delay.p99Ms)), loopDelayMaxMs: worst(delays.map((delay) => delay.maxMs)) };
};
