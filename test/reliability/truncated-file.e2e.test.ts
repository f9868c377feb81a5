// A damaged database file stops the server at start-up with a one-line reason and a non-zero exit
// code, instead of serving a silently shorter or empty ledger.
import { truncateSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { apiKeysVariable } from './support/ledger-http.ts';
import { runServerUntilExit } from './support/server-process.ts';
import { buildLedgerFile, copyOf } from './support/tamper.ts';

const files = temporaryDirectory('truncated');
afterAll(files.remove);
let original = '';

const damages: ReadonlyArray<readonly [string, (path: string) => void, RegExp]> = [
  ['cut in half', (path) => truncateSync(path, Math.floor(statSync(path).size / 2)), /truncated/],
  ['cut to its first page', (path) => truncateSync(path, 4096), /truncated/],
  ['cut inside the header', (path) => truncateSync(path, 50), /shorter than a SQLite header/],
  ['cut to nothing', (path) => truncateSync(path, 0), /empty/],
  ['overwritten with text', (path) => writeFileSync(path, 'not a database at all, but long enough to hold a SQLite header...'.repeat(4)), /not a SQLite database/],
];

describe('a damaged ledger file at start-up', () => {
  beforeAll(async () => {
    original = files.nextPath();
    await buildLedgerFile(original);
    expect(statSync(original).size).toBeGreaterThan(4 * 4096);
  });

  it('starts on the intact file (the control)', async () => {
    const exit = await runServerUntilExit({ store: `sqlite:${copyOf(original, files.directory, 'intact')}`, apiKeys: apiKeysVariable });
    expect(exit.ready).toBe(true);
  });

  it.each(damages)('%s: exits non-zero with one line naming the file and the damage', async (name, damage, reason) => {
    const path = copyOf(original, files.directory, name.replace(/[^a-z]+/g, '-'));
    damage(path);
    const exit = await runServerUntilExit({ store: `sqlite:${path}`, apiKeys: apiKeysVariable });
    expect(exit.ready).toBe(false);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const lines = exit.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toMatch(reason);
  });
});
