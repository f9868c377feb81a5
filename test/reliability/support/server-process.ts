// The real server as a child process (`node bin/wallet-ledger.js serve`), as an operator runs it:
// started on a port the OS picks, ready when it prints `listening on http://...`, killed or
// stopped by signal, its memory read from /proc. Used by the crash and tampering tests and by
// bench/memory.bench.ts. Output other than the ready line is dropped (request logs are large).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binary = join(repositoryRoot, 'bin', 'wallet-ledger.js');

export type Exit = Readonly<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;

export type ServerProcess = Readonly<{
  url: string;
  pid: number;
  exited: Promise<Exit>;
  kill: (signal: NodeJS.Signals) => Promise<Exit>;
}>;

export type ServerEnv = Readonly<{ store: string; apiKeys: string; extra?: Readonly<Record<string, string>> }>;

const stderrKeptMax = 16_384;
export const readyTimeoutMsDefault = 60_000;

const spawnServer = (env: ServerEnv): Readonly<{ child: ChildProcess; exited: Promise<Exit>; stderr: () => string }> => {
  const child = spawn(process.execPath, [binary, 'serve'], {
    cwd: repositoryRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LEDGER_STORE: env.store, LEDGER_API_KEYS: env.apiKeys, ...env.extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < stderrKeptMax) stderr += chunk;
  });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exited, stderr: () => stderr };
};

export class ServerExitedError extends Error {
  constructor(readonly exit: Exit) {
    super(`server exited before it was ready (code ${exit.code}, signal ${exit.signal}): ${exit.stderr}`);
    this.name = 'ServerExitedError';
  }
}

export const startServerProcess = (env: ServerEnv, readyTimeoutMs = readyTimeoutMsDefault): Promise<ServerProcess> => {
  const { child, exited, stderr } = spawnServer(env);
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready after ${readyTimeoutMs} ms: ${stderr()}`));
    }, readyTimeoutMs);
    void exited.then((exit) => {
      if (settled) return;
      clearTimeout(timer);
      reject(new ServerExitedError(exit));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (settled) return;
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop()?.slice(-4096) ?? '';
      const ready = lines.find((line) => line.startsWith('listening on '));
      if (ready === undefined || child.pid === undefined) return;
      clearTimeout(timer);
      settled = true;
      const pid = child.pid;
      resolve({
        url: ready.slice('listening on '.length).trim(),
        pid,
        exited,
        kill: (signal) => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
};

// Runs the server expecting it to refuse to start; resolves with how it exited.
export const runServerUntilExit = async (env: ServerEnv, timeoutMs = readyTimeoutMsDefault): Promise<Exit & { ready: boolean }> => {
  try {
    const server = await startServerProcess(env, timeoutMs);
    return { ...(await server.kill('SIGKILL')), ready: true };
  } catch (error) {
    if (error instanceof ServerExitedError) return { ...error.exit, ready: false };
    throw error;
  }
};

// Resident and peak resident memory of a live process, in KiB (Linux /proc).
export const memoryKiB = (pid: number): Readonly<{ rss: number; peak: number }> => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
};
