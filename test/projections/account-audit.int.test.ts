import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectAny } from '../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import type { AccountId } from '../../domain/ids.ts';
import { auditAccount } from '../../projections/account-audit.ts';
import { opened, toppedUp } from './support/ledger-fixtures.ts';

const accountId = 'audited' as AccountId;
const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };

describe('account audit on the SQLite store', () => {
  let directory: string;
  let path: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    path = join(directory, 'ledger.db');
    store = openSqliteEventStore({ path, clock });
    await store.append('account-audited', [opened(accountId)], expectAny);
    for (let index = 1; index <= 30; index += 1) {
      const metadata = { issuedBy: index % 3 === 0 ? 'admin:ops' : 'payments:checkout' };
      await store.append('account-audited', [{ ...toppedUp(accountId, index, String(1000 + index), `top-up-${index}`), metadata }], expectAny);
    }
    await store.append('account-other', [opened('other')], expectAny);
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('verifies an intact chain in pages and reports its head', async () => {
    const [head] = await store.readStream('account-audited', { fromRevision: 30, limit: 1 });
    const report = await auditAccount(store, accountId, 7);
    // The opening was appended with no issuer: counted in events, not among the issuers.
    expect(report).toEqual({ accountId, events: 31, verified: true, headHash: head?.hash, issuedBy: { 'admin:ops': 10, 'payments:checkout': 20 } });
    expect(await auditAccount(store, 'nobody' as AccountId)).toBeUndefined();
  });

  it('finds exactly the revision whose data had one byte changed by SQL', async () => {
    // "1017" -> "1018": still valid JSON, still a valid event, only the hash tells.
    const changed = store.database
      .prepare("UPDATE events SET data = replace(data, '\"1017\"', '\"1018\"') WHERE stream_id = ? AND revision = 17")
      .run('account-audited').changes;
    expect(changed).toBe(1);
    const report = await auditAccount(store, accountId, 7);
    expect(report).toMatchObject({ events: 31, verified: false, firstBrokenRevision: 17 });
  });

  it('finds exactly the revision whose bytes were patched in the database file', async () => {
    await store.close();
    const bytes = readFileSync(path);
    const marker = Buffer.from('"top-up-23"');
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(marker, at + 1)).toBe(-1);
    bytes[at + 1] = 'T'.charCodeAt(0);
    writeFileSync(path, bytes);
    store = openSqliteEventStore({ path, clock });
    expect(await auditAccount(store, accountId)).toMatchObject({ events: 31, verified: false, firstBrokenRevision: 23 });
  });

  it('reports an event whose stored JSON no longer parses as broken at its revision', async () => {
    store.database.prepare("UPDATE events SET data = '{' || data WHERE stream_id = ? AND revision = 9").run('account-audited');
    const report = await auditAccount(store, accountId, 5);
    expect(report).toMatchObject({ events: 31, verified: false, firstBrokenRevision: 9 });
  });
});
