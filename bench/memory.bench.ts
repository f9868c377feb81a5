// The server's resident memory with 10,000,000 stored events, beside the same server on an empty
// store in the same run. The seeded file is cached under .bench-tmp/ (seeding takes minutes); the
// server's projections persist into that file, so the first run on a fresh seed also measures the
// catch-up (cold) and later runs start warm. Both are said in the details.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryKiB, repositoryRoot, startServerProcess } from '../test/reliability/support/server-process.ts';
import type { BenchResult } from './bench-result.ts';
import { seedLedgerFile } from './memory-seed.ts';
import { type BenchClient, headPosition, openAccounts, runWorkload, waitForReadSide, workload } from './memory-workload.ts';

export const name = 'memory';

// BENCH_MEMORY_EVENTS shrinks the store for a quick local run; the report uses the default.
const eventsTotal = Number(process.env.BENCH_MEMORY_EVENTS ?? 10_000_000);
const accounts = Math.max(10, Math.min(10_000, Math.floor(eventsTotal / 1_000)));
const targetMiB = 300;
const catchUpTimeoutMs = 30 * 60_000;
const keys = { payments: 'bench-payments-key', auditor: 'bench-auditor-key' };
const apiKeys = `payments:${keys.payments},auditor:${keys.auditor}`;

export const description = `
The real server (\`node bin/wallet-ledger.js serve\`, a child process) on a SQLite file holding
${eventsTotal.toLocaleString('en-US')} events (${accounts.toLocaleString('en-US')} accounts of ${Math.round(eventsTotal / accounts).toLocaleString('en-US')}
events: opening, a verified phone, then top-ups and charges), seeded by direct batched inserts with the
store's schema and valid hash chains (bench/memory-seed.ts), cached under .bench-tmp/.
RSS is VmRSS from /proc/<pid>/status; the peak is VmHWM (the most the process ever held resident).
- **when ready**: when the server printed its ready line (it listens at once; projections catch up
  in the background, yielding to the event loop after every batch).
- **after catch-up**: once the balance index and fraud detector answer for the last position (waitFor);
  the peak covers the catch-up. A run on a fresh seed rebuilds the persisted balance index from zero (cold);
  the fraud detector resumes from its snapshot in the same file (from zero on a file never served).
- **after workload**: ${workload.balances} balance reads, ${workload.historyPages} history pages of 1,000,
  ${workload.audits} full audits, ${workload.commands} top-ups/charges.
Baseline for each line: the same server, same workload, on an empty store (its accounts opened first).
Target: peak <= ${targetMiB} MiB with ${eventsTotal.toLocaleString('en-US')} events.
`;

const seededPath = (): string => {
  const directory = join(repositoryRoot, '.bench-tmp');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `memory-${eventsTotal}-${accounts}-v1.db`);
  if (existsSync(`${path}.seeded`)) return path;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  console.log(`seeding ${eventsTotal.toLocaleString('en-US')} events into ${path} (cached for later runs)`);
  const report = seedLedgerFile({ path, eventsTotal, accounts }, (events) => {
    if (events % 1_000_000 === 0) console.log(`  ${events.toLocaleString('en-US')} events`);
  });
  writeFileSync(`${path}.seeded`, JSON.stringify(report));
  console.log(`  seeded in ${report.seconds.toFixed(0)} s`);
  return path;
};

type Measured = Readonly<{
  startupKiB: number; caughtUpKiB: number; workloadKiB: number; peakKiB: number; catchUpSeconds: number; readySeconds: number; head: string;
}>;

const measure = async (store: string, accountsToOpen: number): Promise<Measured> => {
  const started = performance.now();
  // The server listens at once; catching up is measured separately below (waitFor on the head).
  const server = await startServerProcess({ store, apiKeys }, catchUpTimeoutMs);
  const readySeconds = (performance.now() - started) / 1000;
  try {
    const startupKiB = memoryKiB(server.pid).rss;
    const client: BenchClient = { url: server.url, keys };
    if (accountsToOpen > 0) await openAccounts(client, accountsToOpen);
    const head = await headPosition(client);
    const catchUpSeconds = await waitForReadSide(client, head, catchUpTimeoutMs);
    const caughtUpKiB = memoryKiB(server.pid).rss;
    await runWorkload(client, accountsToOpen > 0 ? accountsToOpen : accounts, Date.now().toString(36));
    const { rss: workloadKiB, peak: peakKiB } = memoryKiB(server.pid);
    return { startupKiB, caughtUpKiB, workloadKiB, peakKiB, catchUpSeconds, readySeconds, head };
  } finally {
    await server.kill('SIGTERM');
  }
};

const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;

export const run = async (): Promise<BenchResult[]> => {
  const path = seededPath();
  const emptyDirectory = mkdtempSync(join(tmpdir(), 'wallet-ledger-memory-bench-'));
  try {
    const cold = !existsSync(`${path}.served`);
    const full = await measure(`sqlite:${path}`, 0);
    writeFileSync(`${path}.served`, new Date().toISOString());
    const empty = await measure(`sqlite:${join(emptyDirectory, 'ledger.db')}`, 10);
    const details = {
      start: cold ? 'cold (index built from zero or from a partial build)' : 'warm',
      readySeconds: Math.round(full.readySeconds),
      catchUpSecondsAfterReady: Math.round(full.catchUpSeconds),
      headPosition: full.head,
    };
    const line = (label: string, value: number, baseline: number, extra: object = {}): BenchResult => ({
      label, value: mib(value), unit: 'MiB', baseline: { label: 'empty store', value: mib(baseline) }, ...extra,
    });
    return [
      line('RSS when ready', full.startupKiB, empty.startupKiB),
      line('RSS after catch-up', full.caughtUpKiB, empty.caughtUpKiB, { details }),
      line('RSS after workload', full.workloadKiB, empty.workloadKiB, { target: { of: 'value', atMost: targetMiB } }),
      line('peak RSS (VmHWM)', full.peakKiB, empty.peakKiB, { target: { of: 'value', atMost: targetMiB } }),
    ];
  } finally {
    rmSync(emptyDirectory, { recursive: true, force: true });
  }
};
