// Profiles the served ledger under the bench's many-account load: `npm start`'s process with
// --cpu-prof (one .cpuprofile per thread: the server's loop, the read side's worker, tsx's
// loader threads), seeded like the bench, a 3 s warm-up, then one round of load. Prints the round's
// figures; summarise each profile with profile-summary.ts over the round's seconds.
// `node --import tsx bench/served/profile-served.ts <profile directory> [seconds] [NAME=value,...]`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedAccounts } from './seed-accounts.ts';
import { measureRound } from './served-rounds.ts';
import { startServed, stopProcess } from './served-process.ts';

const [directoryArgument, secondsText = '10', envText = ''] = process.argv.slice(2);
if (directoryArgument === undefined) throw new Error('usage: profile-served.ts <profile directory> [seconds] [NAME=value,...]');
const seconds = Math.min(60, Math.max(1, Number(secondsText) || 10));
const env = Object.fromEntries(envText.split(',').filter((pair) => pair.includes('=')).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
const keys = { payments: 'bench-payments-key-0001', auditor: 'bench-auditor-key-00001' };
const occurredAt = '2024-05-01T10:00:00+09:00';
const accounts = Array.from({ length: 100 }, (_, index) => `acc-${index}`);
const storeDirectory = mkdtempSync(join(tmpdir(), 'ledger-profile-'));
const served = await startServed(storeDirectory, `payments:${keys.payments},auditor:${keys.auditor}`, {
  env, nodeArguments: ['--cpu-prof', `--cpu-prof-dir=${resolve(directoryArgument)}`],
});
try {
  const authorization = `Bearer ${keys.payments}`;
  await seedAccounts(served.url, authorization, accounts, 900_000_000_000n, occurredAt);
  const target = { url: served.url, pid: served.pid, metricsAuthorization: `Bearer ${keys.auditor}` };
  const options = (roundSeconds: number, runId: string) => ({ url: served.url, authorization, accounts, connections: 64, seconds: roundSeconds, runId, occurredAt });
  await measureRound(target, options(3, 'warm'));
  const round = await measureRound(target, options(seconds, 'profiled'));
  console.log(JSON.stringify({ chargesPerSecond: round.load.requestsPerSecond, p99Ms: round.load.p99Ms, cpuMicrosecondsPerCharge: Math.round((round.cpuMs * 1000) / round.load.ok), loopDelay: round.loopDelay }));
} finally {
  // A clean exit (SIGTERM) is what makes node write the profiles.
  await stopProcess(served.child);
  rmSync(storeDirectory, { recursive: true, force: true });
}
