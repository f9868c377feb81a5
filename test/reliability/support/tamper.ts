// Builds a small real ledger file through the HTTP API, and edits copies of it the way someone
// with write access to the file could: raw SQL on the events table, behind the store's back.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { eventHash } from '../../../adapters/event-store/hash-chain.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { at, fundedAccount, testApp } from '../../adapters/http/http-fixtures.ts';

export const chargesPerAccount = 6;

// acc-1 and acc-2: opened, a verified phone, a top-up of 1,000 (revisions 0-3), then charges of
// 100 (revisions 4-9). The store is closed (log checkpointed into the file) before returning.
export const buildLedgerFile = async (path: string): Promise<void> => {
  const store = openSqliteEventStore({ path });
  try {
    const { call } = await testApp({ store });
    for (const accountId of ['acc-1', 'acc-2']) {
      await fundedAccount(call, accountId, '1000');
      for (let index = 0; index < chargesPerAccount; index += 1) {
        const body = { chargeId: `c-${index}`, amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at };
        const response = await call('payments', 'POST', `/v1/accounts/${accountId}/charges`, body);
        if (response.statusCode !== 201) throw new Error(`charge: ${response.statusCode} ${response.body}`);
      }
    }
  } finally {
    await store.close();
  }
};

export const copyOf = (original: string, directory: string, name: string): string => {
  const path = join(directory, name, 'ledger.db');
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(original, path);
  return path;
};

export const withDatabase = (path: string, edit: (database: Database.Database) => void): void => {
  const database = new Database(path);
  try {
    edit(database);
  } finally {
    database.close();
  }
};

type Row = { position: number; stream_id: string; revision: number; type: string; data: string; occurred_at: string; recorded_at: string; previous_hash: string; metadata: string | null };

// What an attacker who knows the hash rule does: rewrites the data of one event and recomputes the
// hashes from there up to `toRevision` (default: the stream's end, so every link holds again).
export const rewriteEvents = (
  database: Database.Database,
  streamId: string,
  fromRevision: number,
  newData: (data: unknown) => unknown,
  toRevision = Number.MAX_SAFE_INTEGER,
): void => {
  const rows = database
    .prepare<[string, number, number], Row>('SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision')
    .all(streamId, fromRevision, toRevision);
  let previousHash = rows[0]?.previous_hash ?? '';
  const update = database.prepare('UPDATE events SET data = ?, hash = ?, previous_hash = ? WHERE position = ?');
  for (const row of rows) {
    const parsed: unknown = JSON.parse(row.data);
    const data = row.revision === fromRevision ? newData(parsed) : parsed;
    const dataJson = canonicalize(data) ?? '{}';
    const content = {
      streamId: row.stream_id, revision: row.revision, type: row.type, data: JSON.parse(dataJson), occurredAt: row.occurred_at,
      recordedAt: row.recorded_at, previousHash, ...(row.metadata === null ? {} : { metadata: JSON.parse(row.metadata) }),
    };
    const hash = eventHash(content);
    update.run(dataJson, hash, previousHash, row.position);
    previousHash = hash;
  }
};
