// Tampering with the SQLite file behind the store's back: each edit of acc-1's stream is found by
// GET /audit at the revision where the chain first fails, and acc-2 still verifies. A rewrite of
// the whole tail with fresh hashes (or a cut tail) verifies: only a head hash kept elsewhere
// catches it, which is why docs/security.md says to anchor it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { testApp } from '../adapters/http/http-fixtures.ts';
import { buildLedgerFile, copyOf, rewriteEvents, withDatabase } from './support/tamper.ts';

const files = temporaryDirectory('tampering');
afterAll(files.remove);
let original = '';
let originalHead = '';

const audit = async (path: string, accountId: string) => {
  const store = openSqliteEventStore({ path });
  try {
    const { call } = await testApp({ store });
    const response = await call('auditor', 'GET', `/v1/accounts/${accountId}/audit`);
    expect(response.statusCode, response.body).toBe(200);
    const body: unknown = response.json();
    if (!isRecord(body)) throw new Error('audit: not an object');
    return body;
  } finally {
    await store.close();
  }
};

const acc1 = 'account-acc-1';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const lowerAmount = (data: unknown): unknown => (isRecord(data) ? { ...data, amount: { amount: '1', currency: 'JPY' } } : data);
const swapColumns = ['type', 'data', 'occurred_at', 'recorded_at', 'hash', 'previous_hash'];

const swapRows = (database: Database.Database, a: number, b: number): void => {
  const row = (revision: number): Record<string, unknown> => {
    const found: unknown = database.prepare('SELECT * FROM events WHERE stream_id = ? AND revision = ?').get(acc1, revision);
    if (!isRecord(found)) throw new Error(`no revision ${revision}`);
    return found;
  };
  const [first, second] = [row(a), row(b)];
  const update = database.prepare(`UPDATE events SET ${swapColumns.map((column) => `${column} = ?`).join(', ')} WHERE stream_id = ? AND revision = ?`);
  update.run(...swapColumns.map((column) => second[column]), acc1, a);
  update.run(...swapColumns.map((column) => first[column]), acc1, b);
};

const edits: ReadonlyArray<readonly [string, (database: Database.Database) => void, number]> = [
  ['an amount changed', (db) => db.prepare(`UPDATE events SET data = replace(data, '"100"', '"1"') WHERE stream_id = ? AND revision = 6`).run(acc1), 6],
  ['a charge turned into a top-up', (db) => db.prepare(`UPDATE events SET type = 'WalletToppedUp' WHERE stream_id = ? AND revision = 5`).run(acc1), 5],
  ['recordedAt moved back', (db) => db.prepare(`UPDATE events SET recorded_at = '2000-01-01T00:00:00.000Z' WHERE stream_id = ? AND revision = 7`).run(acc1), 7],
  ['data that is no longer JSON', (db) => db.prepare(`UPDATE events SET data = '{"broken' WHERE stream_id = ? AND revision = 8`).run(acc1), 8],
  ['an event deleted', (db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 5').run(acc1), 5],
  ['the first event deleted', (db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 0').run(acc1), 0],
  ['two events swapped (content)', (db) => swapRows(db, 4, 5), 4],
  ['two events swapped (revision numbers)', (db) => {
    db.prepare('UPDATE events SET revision = 1000 WHERE stream_id = ? AND revision = 6').run(acc1);
    db.prepare('UPDATE events SET revision = 6 WHERE stream_id = ? AND revision = 7').run(acc1);
    db.prepare('UPDATE events SET revision = 7 WHERE stream_id = ? AND revision = 1000').run(acc1);
  }, 6],
  // Its own hash is right again, so the first link that fails is the next event's.
  ['one event rewritten with its own hash recomputed', (db) => rewriteEvents(db, acc1, 6, lowerAmount, 6), 7],
];

describe('tampering with the SQLite file', () => {
  beforeAll(async () => {
    original = files.nextPath();
    await buildLedgerFile(original);
    const before = await audit(original, 'acc-1');
    expect(before).toMatchObject({ verified: true, events: 10 });
    originalHead = String(before.headHash);
  });

  it.each(edits)('%s: the audit fails at the right revision, the other account still verifies', async (name, edit, revision) => {
    const path = copyOf(original, files.directory, name.replace(/[^a-z]+/g, '-'));
    withDatabase(path, edit);
    expect(await audit(path, 'acc-1')).toMatchObject({ verified: false, firstBrokenRevision: revision });
    expect(await audit(path, 'acc-2')).toMatchObject({ verified: true, events: 10 });
  });

  it('a tail rewritten with fresh hashes, or cut off, verifies but changes the head hash (anchor it)', async () => {
    const rewritten = copyOf(original, files.directory, 'rewritten-tail');
    withDatabase(rewritten, (db) => rewriteEvents(db, acc1, 6, lowerAmount));
    const afterRewrite = await audit(rewritten, 'acc-1');
    expect(afterRewrite).toMatchObject({ verified: true, events: 10 });
    expect(afterRewrite.headHash).not.toBe(originalHead);
    expect(afterRewrite.headHash).toMatch(/^[0-9a-f]{64}$/);
    const cut = copyOf(original, files.directory, 'cut-tail');
    withDatabase(cut, (db) => db.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= 8').run(acc1));
    const afterCut = await audit(cut, 'acc-1');
    expect(afterCut).toMatchObject({ verified: true, events: 8 });
    expect(afterCut.headHash).not.toBe(originalHead);
  });
});
