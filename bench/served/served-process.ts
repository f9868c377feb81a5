// The ledger exactly as `npm start` serves it: the start script of package.json run through sh
// (its `exec` makes the shell become the node process, so the pid is the server's own), default log
// level, every projection and fraud rule live, the SQLite store in a fresh directory. Only the
// listening port (0), the store's location and known API keys are set, as an operator would.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

export type ServedProcess = Readonly<{ child: ChildProcess; url: string; pid: number }>;

const repositoryRoot = new URL('../..', import.meta.url).pathname;

const PackageScripts = t.type({ scripts: t.type({ start: t.string }) });

const startScript = (): string => {
  const decoded = PackageScripts.decode(JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')));
  if (isLeft(decoded)) throw new Error('package.json has no start script');
  return decoded.right.scripts.start;
};

const listening = /listening on (http:\/\/\S+)/;
const startTimeoutMs = 120_000;

// Resolves once the server printed its address. Everything it writes afterwards (one log line per
// request at the default level) is drained, so a full pipe never stalls it.
// nodeArguments (e.g. --cpu-prof, which NODE_OPTIONS refuses) go right after the start script's
// `node`; env adds to the server's environment (e.g. a feature turned off to measure its cost).
export type ServedOptions = Readonly<{ nodeArguments?: ReadonlyArray<string>; env?: Readonly<Record<string, string>> }>;

const withNodeArguments = (script: string, nodeArguments: ReadonlyArray<string>): string =>
  nodeArguments.length === 0 ? script : script.replace(/\bnode /, `node ${nodeArguments.join(' ')} `);

export const startServed = (directory: string, apiKeys: string, options: ServedOptions = {}): Promise<ServedProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', withNodeArguments(startScript(), options.nodeArguments ?? [])], {
      cwd: repositoryRoot,
      env: { ...process.env, ...options.env, PORT: '0', HOST: '127.0.0.1', LEDGER_STORE: `sqlite:${join(directory, 'ledger.db')}`, LEDGER_API_KEYS: apiKeys },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let found = false;
    const timer = setTimeout(() => reject(new Error('served process did not listen in time')), startTimeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (found) return;
      output += chunk.toString('utf8');
      const match = listening.exec(output);
      if (match?.[1] === undefined || child.pid === undefined) return;
      found = true;
      output = '';
      clearTimeout(timer);
      resolve({ child, url: match[1], pid: child.pid });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`served process exited with ${code} before listening`));
    });
  });

export const stopProcess = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

// User plus system CPU of a process (all its threads), in milliseconds, from /proc (Linux).
export const cpuTimeMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const ticksPerSecond = 100;
  return (ticks * 1000) / ticksPerSecond;
};

// Event-loop delay from the server's own /metrics (prom-client resets its delay histogram at every
// scrape, so a scrape right before a round and one right after give that round's figures).
export type LoopDelay = Readonly<{ p99Ms: number; maxMs: number }>;

export const scrapeLoopDelay = async (url: string, authorization: string): Promise<LoopDelay | undefined> => {
  const response = await fetch(`${url}/metrics`, { headers: { authorization } });
  if (!response.ok) return undefined;
  const text = await response.text();
  const gauge = (name: string): number | undefined => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1000;
  };
  const p99Ms = gauge('nodejs_eventloop_lag_p99_seconds');
  const maxMs = gauge('nodejs_eventloop_lag_max_seconds');
  return p99Ms === undefined || maxMs === undefined ? undefined : { p99Ms, maxMs };
};
