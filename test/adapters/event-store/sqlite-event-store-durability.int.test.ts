// Durability of the SQLite store: acknowledged appends survive a SIGKILL, reopening sees
// everything, and a damaged file is refused at open instead of becoming an empty ledger.
import { spawn } from 'node:child_process';
import { statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  StoreCorruptedError, StoreUnavailableError, expectAny, expectNoStream,
} from '../../../domain/ports/event-store.ts';
import { ChainVerifier } from '../../../adapters/event-store/hash-chain.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { schemaVersion } from '../../../adapters/event-store/sqlite-schema.ts';
import { appended, newEvent, readAllFrom } from './event-store-contract-support.ts';
import { temporaryDirectory } from './sqlite-test-files.ts';

const files = temporaryDirectory('sqlite-durability');
afterAll(files.remove);

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = join(here, '..', '..', '..');

type Acknowledged = Readonly<{ streamId: string; revision: number; position: bigint; hash: string }>;

// Runs the fixture, kills it with SIGKILL as soon as `acknowledgedMin` appends were acknowledged,
// and returns every acknowledgement it printed before dying.
const appendUntilKilled = (path: string, acknowledgedMin: number) =>
  new Promise<{ acknowledged: Acknowledged[]; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const fixture = join(here, 'fixtures', 'append-until-killed.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: Acknowledged[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [streamId = '', revision = '', position = '', hash = ''] = line.split(' ');
        acknowledged.push({ streamId, revision: Number(revision), position: BigInt(position), hash });
      }
      if (acknowledged.length >= acknowledgedMin) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null) reject(new Error(`fixture exited by itself (code ${code}): ${stderr}`));
      else resolve({ acknowledged, signal });
    });
  });

describe('sqlite event store durability', () => {
  it('loses no acknowledged append when the writing process is killed with SIGKILL', async () => {
    const path = files.nextPath();
    const { acknowledged, signal } = await appendUntilKilled(path, 400);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);

    const store = openSqliteEventStore({ path });
    try {
      const all = await readAllFrom(store, 0n, 1_000);
      const byPosition = new Map(all.map((event) => [event.position, event]));
      const missing = acknowledged.filter((ack) => {
        const stored = byPosition.get(ack.position);
        return stored?.streamId !== ack.streamId || stored.revision !== ack.revision || stored.hash !== ack.hash;
      });
      expect(missing).toEqual([]);
      for (const streamId of new Set(all.map((event) => event.streamId))) {
        const verifier = new ChainVerifier(streamId);
        all.filter((event) => event.streamId === streamId).forEach((event) => verifier.accept(event));
        expect(verifier.result().verified).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('sees everything after close and reopen, and continues positions and revisions', async () => {
    const path = files.nextPath();
    const first = openSqliteEventStore({ path });
    const written = [];
    for (let index = 0; index < 30; index += 1) {
      written.push(...appended(await first.append(`reopen-${index % 3}`, [newEvent('A', { index })], expectAny)));
    }
    await first.close();
    const second = openSqliteEventStore({ path });
    try {
      expect(await readAllFrom(second, 0n)).toEqual(written);
      expect(await second.headPosition()).toBe(written.at(-1)?.position);
      const [next] = appended(await second.append('reopen-0', [newEvent('A', {})], expectAny));
      expect(next?.revision).toBe(10);
      expect(next?.position).toBe((written.at(-1)?.position ?? 0n) + 1n);
    } finally {
      await second.close();
    }
  });

  it('creates the directory, and sets WAL with synchronous=FULL explicitly', async () => {
    const path = join(files.directory, 'deep', 'er', 'ledger.db');
    const store = openSqliteEventStore({ path });
    try {
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.database.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.database.pragma('user_version', { simple: true })).toBe(schemaVersion);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite event store refuses a damaged file at open', () => {
  const filled = async (): Promise<string> => {
    const path = files.nextPath();
    const store = openSqliteEventStore({ path });
    const events = Array.from({ length: 400 }, (_, index) => newEvent('Filled', { index, padding: 'x'.repeat(200) }));
    appended(await store.append('filled', events, expectNoStream));
    await store.close();
    return path;
  };

  it('refuses a truncated file with StoreCorruptedError', async () => {
    const path = await filled();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(16 * 4096);
    truncateSync(path, 8 * 4096);
    expect(() => openSqliteEventStore({ path })).toThrow(StoreCorruptedError);
    expect(() => openSqliteEventStore({ path })).toThrow(/truncated/);
    truncateSync(path, 60);
    expect(() => openSqliteEventStore({ path })).toThrow(StoreCorruptedError);
    // Truncated to nothing: still refused, never opened as a new, empty ledger.
    truncateSync(path, 0);
    expect(() => openSqliteEventStore({ path })).toThrow(/exists but is empty/);
    expect(statSync(path).size).toBe(0);
  });

  it('refuses a file that is not SQLite with StoreCorruptedError', () => {
    const path = files.nextPath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'this is a ledger export, not a database\n'.repeat(200));
    expect(() => openSqliteEventStore({ path })).toThrow(StoreCorruptedError);
    expect(() => openSqliteEventStore({ path })).toThrow(/not a SQLite database/);
  });

  it('refuses a SQLite file that is not an event store, or one from a newer schema', () => {
    const foreign = files.nextPath();
    mkdirSync(dirname(foreign), { recursive: true });
    const other = new Database(foreign);
    other.exec('CREATE TABLE unrelated (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openSqliteEventStore({ path: foreign })).toThrow(StoreCorruptedError);

    const newer = files.nextPath();
    openSqliteEventStore({ path: newer }).database.close();
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteEventStore({ path: newer })).toThrow(StoreUnavailableError);
  });
});
