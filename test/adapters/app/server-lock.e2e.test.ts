// One server per SQLite file: a second server on the same file refuses to start with one line and
// exit code 3, a stopped server lets the next one start, and so does a SIGKILLed one (the lock is
// the operating system's, it dies with the process: no stale lock refusing forever).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../adapters/app/server.ts';
import { StoreInUseError, tryServerLock } from '../../../adapters/app/server-lock.ts';

const bin = resolve(import.meta.dirname, '../../../bin/wallet-ledger.js');
const lockModule = resolve(import.meta.dirname, '../../../adapters/app/server-lock.ts');
const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-lock-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const keys = 'payments:pay-0123456789,auditor:aud-0123456789,finance:fin-0123456789,admin:adm-0123456789';
const envFor = (path: string) => ({ LEDGER_STORE: `sqlite:${path}`, LEDGER_API_KEYS: keys, HOST: '127.0.0.1', PORT: '0' });

describe('one server per SQLite file', () => {
  it('refuses a second server on the same file, in one line with exit code 3, until the first stops', async () => {
    const path = join(directory, 'served.db');
    const first = await startServer({ env: envFor(path), print: () => undefined, logger: false });
    try {
      await expect(startServer({ env: envFor(path), print: () => undefined, logger: false })).rejects.toThrow(StoreInUseError);
      const second = await new Promise<Readonly<{ code: number | null; stdout: string; stderr: string }>>((done) => {
        const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, ...envFor(path) }, stdio: 'pipe' });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
        child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
        child.once('exit', (code) => done({ code, stdout, stderr }));
      });
      expect(second.code).toBe(3);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(`wallet-ledger serve: ${path} is already served by another wallet-ledger server (it holds ${path}.server-lock); stop it first\n`);
    } finally {
      await first.stop();
    }
    const next = await startServer({ env: envFor(path), print: () => undefined, logger: false });
    await next.stop();
  });

  it('is free again when the process holding it is killed with SIGKILL', async () => {
    const path = join(directory, 'killed.db');
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `import { acquireServerLock } from ${JSON.stringify(lockModule)}; acquireServerLock(${JSON.stringify(path)}); console.log('locked'); setInterval(() => {}, 60_000);`],
      { stdio: 'pipe' },
    );
    await new Promise<void>((done, fail) => {
      holder.stdout.on('data', (chunk: Buffer) => { if (chunk.toString('utf8').includes('locked')) done(); });
      holder.once('exit', (code) => fail(new Error(`the lock holder exited ${code}`)));
    });
    expect(tryServerLock(path)).toBeUndefined();
    const exited = new Promise((done) => holder.once('exit', done));
    holder.kill('SIGKILL');
    await exited;
    const lock = tryServerLock(path);
    expect(lock).toBeDefined();
    lock?.release();
  });
});
