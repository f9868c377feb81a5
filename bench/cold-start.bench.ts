// The first start of the served process (`npm start`, every projection and fraud rule live, the read
// side in its worker) on an existing SQLite ledger with no read file yet, until GET /ready answers
// 200, beside a raw SELECT + JSON.parse pass over the same file measured in the same run; and the
// peak resident memory of the whole server (all threads) meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { BenchResult } from './bench-result.ts';
import { watchUntilReady } from './cold-start/ready-watch.ts';
import { seedLedgerFile } from './memory-seed.ts';
import { rawLoop } from './rebuild.bench.ts';
import { startServed, stopProcess } from './served/served-process.ts';

export const name = 'cold-start';

// 10,000,000 is the size; the default keeps a run within minutes on a shared machine.
const eventsTotal = Number(process.env.BENCH_COLD_START_EVENTS ?? 1_000_000);
const accounts = 1_000;
const targets = { ratioAtMost: 6, peakRssMiBAtMost: 300 };
const readyTimeoutMs = 3_600_000;

export const description = `
A SQLite ledger of ${eventsTotal.toLocaleString('en-US')} events over ${accounts.toLocaleString('en-US')} accounts (the memory bench's shape: opening, a
verified phone, then top-ups and charges; \`BENCH_COLD_START_EVENTS\` sets the size, the issue's is 10,000,000), no read
file. The server is started as \`npm start\` starts it (read side in its worker thread, default settings), and the time
is taken from the spawn until \`GET /ready\` answers 200 (every projection within \`LEDGER_READY_LAG_MAX\` of the head).
Baseline: a raw loop over the same file, \`SELECT\` of every event column in position order with JSON.parse of each
data, run before and after the start (the mean), in this process. Peak RSS: the server process's VmHWM (all threads),
sampled with VmRSS every 200 ms. The details give when each projection first showed no lag (ms from the spawn).
Targets: <= ${targets.ratioAtMost} x the raw pass, peak RSS <= ${targets.peakRssMiBAtMost} MiB.
`;

const rawPassMs = (path: string): number => {
  const database = new Database(path, { readonly: true });
  try {
    return (eventsTotal / rawLoop(database)) * 1_000;
  } finally {
    database.close();
  }
};

export const run = async (): Promise<BenchResult[]> => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-cold-start-'));
  try {
    const seeded = seedLedgerFile({ path: join(directory, 'ledger.db'), eventsTotal, accounts });
    rawPassMs(join(directory, 'ledger.db')); // warm the page cache for both sides alike
    const rawBefore = rawPassMs(join(directory, 'ledger.db'));
    const startedAt = performance.now();
    const served = await startServed(directory, 'auditor:cold-start-auditor-key-0001');
    const listeningMs = performance.now() - startedAt;
    let watch;
    try {
      watch = await watchUntilReady(served.url, served.pid, startedAt, readyTimeoutMs);
    } finally {
      await stopProcess(served.child);
    }
    const rawAfter = rawPassMs(join(directory, 'ledger.db'));
    const rawMs = (rawBefore + rawAfter) / 2;
    return [
      {
        label: `first start until /ready, ${eventsTotal.toLocaleString('en-US')} events`, value: watch.readyMs / 1_000, unit: 's',
        baseline: { label: 'raw SELECT + JSON.parse pass', value: rawMs / 1_000 },
        target: { of: 'ratio', atMost: targets.ratioAtMost },
        details: {
          seededSeconds: seeded.seconds, listeningMs: Math.round(listeningMs), rawBeforeMs: Math.round(rawBefore), rawAfterMs: Math.round(rawAfter),
          ...Object.fromEntries(Object.entries(watch.projectionReadyMs).map(([projection, ms]) => [`${projection}ReadyMs`, ms])),
        },
      },
      {
        label: 'peak RSS of the server (all threads) until /ready', value: Math.round(watch.peakRssMiB), unit: 'MiB',
        target: { of: 'value', atMost: targets.peakRssMiBAtMost },
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
