// The verifiable log (issue 15): what it costs appends, how fast it answers proofs on a large
// tree, and how fast an auditor verifies an account's export bundle.
import { appendRound, appendSizes } from './verifiable-log/log-append-rounds.ts';
import { proofLatency } from './verifiable-log/log-proof-latency.ts';
import { verifySpeed } from './verifiable-log/bundle-verify-speed.ts';
import type { BenchResult } from './bench-result.ts';
import { availableParallelism } from 'node:os';
import { checkThreadsMax } from '../adapters/verifiable-log/bundle-check-pool.ts';

export const name = 'verifiable log';

const sizeFromEnv = (variable: string, fallback: number): number => {
  const value = Number(process.env[variable]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
};
const proofLeaves = sizeFromEnv('BENCH_LOG_LEAVES', 200_000);
const verifyEvents = sizeFromEnv('BENCH_VERIFY_EVENTS', 100_000);
const verifyThreads = Math.min(sizeFromEnv('BENCH_VERIFY_THREADS', availableParallelism()), checkThreadsMax);
const proofsAsked = 2_000;

export const description = `
- **append, log on vs off**: ${appendSizes.clients} clients each awaiting ${appendSizes.appendsPerClient} store.append calls on their own stream, on fresh SQLite files;
  ${appendSizes.rounds} rounds with the log off and ${appendSizes.rounds} with it on (its feeder subscribed and writing nodes in the same process), interleaved.
  The ratio is log-on throughput / log-off throughput (1.00 = no cost). details: how many events the log still had to take in when the appends finished.
- **proof p99**: ${proofsAsked.toLocaleString('en-US')} random inclusion proofs and as many consistency proofs (random sizes up to the tree's) from a SQLite node table of
  ${proofLeaves.toLocaleString('en-US')} leaves (BENCH_LOG_LEAVES; the target is 10M; the default is what this shared 2-core machine allows in the bench's time), each timed alone,
  without HTTP, each asked twice in a row, alternating which goes first: as the log answers it (the proof's nodes named, then read in one query), the value, and node
  by node (one query each, as before), the baseline. The node table does not depend on event contents, so the leaves are synthetic. details: p50, p90, the p50/p90/p99
  of each proof's CPU time (what the clock's figures are without the waits for a core on this shared machine) and the queries per proof.
- **verify**: an account of ${verifyEvents.toLocaleString('en-US')} events (BENCH_VERIFY_EVENTS; the target is 1M) at every other leaf of a tree twice its size; its bundle (checkpoint, events, node table)
  is written to a temporary file untimed, then verified as \`verify --bundle\` does (signature, each event's own hash through hash-chain.ts, chain, leaf, multiproof root),
  twice: with ${verifyThreads} worker thread(s) checking the lines' own hashes (BENCH_VERIFY_THREADS; the pool's start is timed), the value, and on the main thread
  alone, the baseline (so the ratio is what the threads gain). By the clock; details.eventsPerCpuSecond divides by the process's CPU time (every thread's) instead,
  what idle cores would do on this shared machine. details.parseOnlyEventsPerSecond: reading and JSON.parse of the same file's lines on one thread, nothing else.
`;

const rounded = (values: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Number(value.toFixed(3))]));

export const run = async (): Promise<BenchResult[]> => {
  const off: number[] = [];
  const on: number[] = [];
  let lag = 0;
  await appendRound(false);
  for (let round = 0; round < appendSizes.rounds; round += 1) {
    const without = await appendRound(false);
    const withLog = await appendRound(true);
    off.push(without.events / (without.ms / 1000));
    on.push(withLog.events / (withLog.ms / 1000));
    lag = Math.max(lag, withLog.logLagEvents);
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const latency = await proofLatency(proofLeaves, proofsAsked);
  const verify = await verifySpeed(verifyEvents, verifyThreads);
  return [
    { label: 'append, log on vs off', value: Math.round(mean(on)), unit: 'events/s', baseline: { label: 'log off', value: Math.round(mean(off)) }, target: { of: 'ratio', atLeast: 0.9 }, details: { logLagEventsMax: lag } },
    {
      label: `inclusion proof p99, ${proofLeaves.toLocaleString('en-US')} leaves`, value: Number(latency.inclusion.p99Ms.toFixed(3)), unit: 'ms',
      baseline: { label: 'node by node', value: Number(latency.inclusionOneByOne.p99Ms.toFixed(3)) }, target: { of: 'value', atMost: 5 },
      details: { ...rounded(latency.inclusion), oneByOneP50Ms: Number(latency.inclusionOneByOne.p50Ms.toFixed(3)), oneByOneCpuP99Ms: Number(latency.inclusionOneByOne.cpuP99Ms.toFixed(3)), nodeTableBuildMs: Math.round(latency.buildMs) },
    },
    {
      label: `consistency proof p99, ${proofLeaves.toLocaleString('en-US')} leaves`, value: Number(latency.consistency.p99Ms.toFixed(3)), unit: 'ms',
      baseline: { label: 'node by node', value: Number(latency.consistencyOneByOne.p99Ms.toFixed(3)) }, target: { of: 'value', atMost: 5 },
      details: { ...rounded(latency.consistency), oneByOneP50Ms: Number(latency.consistencyOneByOne.p50Ms.toFixed(3)), oneByOneCpuP99Ms: Number(latency.consistencyOneByOne.cpuP99Ms.toFixed(3)) },
    },
    {
      label: `verify a ${verifyEvents.toLocaleString('en-US')}-event account bundle`, value: Math.round(verify.pooled.eventsPerSecond), unit: 'events/s',
      baseline: { label: 'the same on the main thread alone', value: Math.round(verify.single.eventsPerSecond) }, target: { of: 'value', atLeast: 100_000 },
      details: {
        threads: verify.threads, eventsPerCpuSecond: Math.round(verify.pooled.eventsPerCpuSecond), mainThreadEventsPerCpuSecond: Math.round(verify.single.eventsPerCpuSecond),
        parseOnlyEventsPerSecond: Math.round(verify.parsedEventsPerSecond), bundleBytes: verify.bundleBytes, nodeTableEntries: verify.nodes, treeSize: verify.treeSize,
      },
    },
  ];
};
