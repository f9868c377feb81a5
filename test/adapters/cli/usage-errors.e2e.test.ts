// Commander's own usage errors come out in the CLI's one-line form with exit code 2, like the
// commands' own usage failures; --version prints package.json's version.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneLine, runCli } from './cli-fixtures.ts';

describe('wallet-ledger usage errors and --version', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it.each([
    [['history', 'alice', '--bogus'], "wallet-ledger history: unknown option '--bogus'"],
    [['history'], "wallet-ledger history: missing required argument 'accountId'"],
    [['nosuch'], "wallet-ledger: unknown command 'nosuch'"],
  ])('%j: one line naming the command, exit code 2', async (args, line) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe(line);
  });
});
