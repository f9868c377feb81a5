// The verifiable log (issue 15): what it costs appends, how fast it answers proofs on a large
// tree, and how fast an auditor verifies an account's export bundle.
import { appendRound, appendSizes } from './verifiable-log/log-append-rounds.ts';
import { proofLatency } from './verifiable-log/log-proof-latency.ts';
import { verifySpeed } from './verifiable-log/bundle-verify-speed.ts';
import type { BenchResult } from './bench-result.ts';

export const name = 'verifiable log';

const sizeFromEnv = (variable: string, fallback: number): number => {
  const value = Number(process.env[variable]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
};
const proofLeaves = sizeFromEnv('BENCH_LOG_LEAVES', 200_000);
const verifyEvents = sizeFromEnv('BENCH_VERIFY_EVENTS', 100_000);
const proofsAsked = 2_000;

export const description = `
- **append, log on vs off**: ${appendSizes.clients} clients each awaiting ${appendSizes.appendsPerClient} store.append calls on their own stream, on fresh SQLite files;
  ${appendSizes.rounds} rounds with the log off and ${appendSizes.rounds} with it on (its feeder subscribed and writing nodes in the same process), interleaved.
  The ratio is log-on throughput / log-off throughput (1.00 = no cost). details: how many events the log still had to take in when the appends finished.
- **proof p99**: ${proofsAsked.toLocaleString('en-US')} random inclusion proofs and as many consistency proofs (random sizes up to the tree's) from a SQLite node table of
  ${proofLeaves.toLocaleString('en-US')} leaves (BENCH_LOG_LEAVES; the target is 10M; the default is what this shared 2-core machine allows in the bench's time), each timed alone,
  without HTTP. The node table does not depend on event contents, so the leaves are synthetic. details: p50, the p99 of each proof's CPU time (what the
  clock's p99 is without the waits for a core on this shared machine) and the node reads per proof (O(log n)).
- **verify**: an account of ${verifyEvents.toLocaleString('en-US')} events (BENCH_VERIFY_EVENTS; the target is 1M) at every other leaf of a tree twice its size; its bundle (checkpoint, events, node table)
  is written to a temporary file untimed, then read, parsed and verified as \`verify --bundle\` does (signature, each event's own hash through hash-chain.ts, chain, leaf, multiproof root).
  The value is by the clock; details.eventsPerCpuSecond divides by the process's CPU time instead (on this shared machine, what an idle core does). The baseline,
  in the same run, reads and parses the same file's lines and does nothing else: the ratio is what verifying costs beyond reading the bundle.
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
  const verify = await verifySpeed(verifyEvents);
  return [
    { label: 'append, log on vs off', value: Math.round(mean(on)), unit: 'events/s', baseline: { label: 'log off', value: Math.round(mean(off)) }, target: { of: 'ratio', atLeast: 0.9 }, details: { logLagEventsMax: lag } },
    { label: `inclusion proof p99, ${proofLeaves.toLocaleString('en-US')} leaves`, value: Number(latency.inclusion.p99Ms.toFixed(3)), unit: 'ms', target: { of: 'value', atMost: 5 }, details: { ...rounded(latency.inclusion), nodeTableBuildMs: Math.round(latency.buildMs) } },
    { label: `consistency proof p99, ${proofLeaves.toLocaleString('en-US')} leaves`, value: Number(latency.consistency.p99Ms.toFixed(3)), unit: 'ms', target: { of: 'value', atMost: 5 }, details: rounded(latency.consistency) },
    { label: `verify a ${verifyEvents.toLocaleString('en-US')}-event account bundle`, value: Math.round(verify.eventsPerSecond), unit: 'events/s', baseline: { label: 'read and JSON.parse the lines only', value: Math.round(verify.parsedEventsPerSecond) }, target: { of: 'value', atLeast: 100_000 }, details: { eventsPerCpuSecond: Math.round(verify.eventsPerCpuSecond), bundleBytes: verify.bundleBytes, nodeTableEntries: verify.nodes, treeSize: verify.treeSize } },
  ];
};
