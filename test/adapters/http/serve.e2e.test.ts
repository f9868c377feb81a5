// `wallet-ledger serve` as a child process: prints `listening on http://HOST:PORT`, serves
// /health without a key, keeps acknowledged events across a restart on the same SQLite file
// (creating its directory), stops cleanly on SIGTERM, and refuses a bad LEDGER_STORE in one line.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../../bin/wallet-ledger.js');
const keysVariable = 'payments:pay-key-0001,auditor:aud-key-0001,finance:fin-key-0001,admin:adm-key-0001';
const directories: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

type Served = Readonly<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }>;

const serve = (env: Record<string, string | undefined>): Promise<Served> =>
  new Promise((resolveServed, reject) => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: 'pipe' });
    children.push(child);
    let output = '';
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match?.[1] !== undefined) resolveServed({ child, url: match[1], output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`exited ${code} before listening: ${output}`)));
  });

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { authorization: 'Bearer pay-key-0001', 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('wallet-ledger serve', () => {
  it('serves, stops on SIGTERM, and sees every acknowledged event after a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-serve-'));
    directories.push(directory);
    const env = { LEDGER_STORE: `sqlite:${join(directory, 'nested', 'ledger.db')}`, LEDGER_API_KEYS: keysVariable };
    const first = await serve(env);
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: 'ok' });
    const opened = await post(`${first.url}/v1/accounts`, { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: '2024-05-01T10:00:00+09:00' });
    expect(opened.status).toBe(201);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).not.toContain('pay-key-0001');

    const second = await serve(env);
    const events = await fetch(`${second.url}/v1/accounts/acc-1/events`, { headers: { authorization: 'Bearer aud-key-0001' } });
    expect(await events.json()).toMatchObject({ events: [{ type: 'AccountOpened', position: '1' }], next: null });
    const balance = await fetch(`${second.url}/v1/accounts/acc-1/balance?waitFor=1`, { headers: { authorization: 'Bearer pay-key-0001' } });
    expect(await balance.json()).toMatchObject({ accountId: 'acc-1', currency: 'JPY', ledgerBalance: '0', correctedBalance: '0' });
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('generates and prints one key per role when LEDGER_API_KEYS is unset', async () => {
    const served = await serve({ LEDGER_STORE: 'memory:', LEDGER_API_KEYS: undefined });
    const adminKey = /^ {2}admin:(\S+)$/m.exec(served.output())?.[1];
    expect(adminKey).toBeDefined();
    const metrics = await fetch(`${served.url}/metrics`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(metrics.status).toBe(200);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('refuses a bad LEDGER_STORE with one line and exit code 2', async () => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, LEDGER_STORE: 'postgres://x', PORT: '0' }, stdio: 'pipe' });
    children.push(child);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString('utf8'); });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(errors.trim().split('\n')).toEqual(['wallet-ledger serve: LEDGER_STORE "postgres://x" is not a store; use sqlite:<file path>, memory: or esdb://host:2113?tls=false']);
  });

  it.each([
    ['an empty variable', { PORT: '' }, /^wallet-ledger serve: PORT is set but empty; unset it to use its default$/],
    ['a HOST not of this machine', { HOST: '192.0.2.1' }, /^wallet-ledger serve: HOST 192\.0\.2\.1 is not an address of this machine/],
    ['an unknown four-eyes action', { LEDGER_FOUR_EYES: 'charges' }, /^wallet-ledger serve: LEDGER_FOUR_EYES "charges" must be a comma-separated list of incidents, freeze, reversal$/],
  ])('refuses %s before printing keys: one line, exit code 2', async (_name, env, line) => {
    const refused = await refusedRun({ LEDGER_STORE: 'memory:', LEDGER_API_KEYS: undefined, PORT: '0', ...env });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr.trim()).toMatch(line);
  });

  it('refuses a port in use before printing keys: one line, exit code 2', async () => {
    const first = await serve({ LEDGER_STORE: 'memory:' });
    const port = new URL(first.url).port;
    const refused = await refusedRun({ LEDGER_STORE: 'memory:', LEDGER_API_KEYS: undefined, PORT: port });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim()).toBe(`wallet-ledger serve: PORT ${port} on HOST 127.0.0.1 is already in use (EADDRINUSE)`);
  });
});

const refusedRun = (env: Record<string, string | undefined>): Promise<Readonly<{ code: number | null; stdout: string; stderr: string }>> =>
  new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, HOST: '127.0.0.1', ...env }, stdio: 'pipe' });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
