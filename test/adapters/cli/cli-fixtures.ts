// Runs the real `wallet-ledger` binary as a child process (node bin/wallet-ledger.js, through
// tsx), and seeds real SQLite files through the library with fixed clocks, so recordedAt values
// (and so every known-at answer) are deterministic.
import { runIncidentOrThrow } from '../../support/run-incident-or-throw.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { type SevenPayDay, sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';

const bin = resolve(import.meta.dirname, '../../../bin/wallet-ledger.js');
const runTimeoutMs = 30_000;

export type CliRun = Readonly<{ code: number | null; stdout: string; stderr: string }>;

// stdin, stdout and stderr are pipes: the CLI must behave as when piped (no progress bars).
export const runCli = (args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}): Promise<CliRun> =>
  new Promise((done, fail) => {
    const { LEDGER_STORE: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, [bin, ...args], { env: { ...inherited, ...env }, stdio: 'pipe', timeout: runTimeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });

export const clockAt = (iso: string): Clock => ({ now: () => new Date(iso) });

// Everything of the 7pay-like day is recorded at seededAt; the incident's reversals at incidentAt.
export const seededAt = '2019-07-05T00:00:00.000Z';
export const incidentAt = '2019-07-06T00:00:00.000Z';

export type TempStore = Readonly<{ directory: string; path: string; store: string; remove: () => void }>;

export const tempStore = (): TempStore => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-cli-'));
  const path = join(directory, 'ledger.db');
  return { directory, path, store: `sqlite:${path}`, remove: () => rmSync(directory, { recursive: true, force: true }) };
};

// Seeds the day (and, when asked, runs its incident under a later clock), then closes the file.
export const seedSevenPayDay = async (path: string, options: Readonly<{ runIncident: boolean }>): Promise<SevenPayDay> => {
  const day = sevenPayDay();
  const seeding = openSqliteEventStore({ path, clock: clockAt(seededAt) });
  await runCommands(createCommandHandler(seeding), day.commands);
  await seeding.close();
  if (options.runIncident) {
    const later = openSqliteEventStore({ path, clock: clockAt(incidentAt) });
    await runIncidentOrThrow({ store: later, handle: createCommandHandler(later) }, day.incident);
    await later.close();
  }
  return day;
};

// A one-line failure: exactly one line on stderr, nothing that looks like a stack trace.
export const oneLine = (stderr: string): string => {
  const lines = stderr.trimEnd().split('\n');
  if (lines.length !== 1 || /^\s+at /m.test(stderr)) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0] ?? '';
};
