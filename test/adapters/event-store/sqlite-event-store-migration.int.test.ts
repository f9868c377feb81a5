// A file written by schema version 1 (no metadata column, v1 hashes) is upgraded in place when
// opened: its events keep and verify with the hashes they have, new ones are v2, and the chain
// links across the two.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { expectExact } from '../../../domain/ports/event-store.ts';
import { ChainVerifier, eventHash, genesisHash, hashVersionOf } from '../../../adapters/event-store/hash-chain.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { schemaVersion } from '../../../adapters/event-store/sqlite-schema.ts';
import { appended, newEvent } from './event-store-contract-support.ts';
import { temporaryDirectory } from './sqlite-test-files.ts';

const files = temporaryDirectory('migration');
afterAll(() => files.remove());

// Schema version 1 exactly as it shipped, with two events hashed by template v1.
const writeVersionOneFile = (path: string): string => {
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.exec(`CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL CHECK (revision >= 0),
     type TEXT NOT NULL, data TEXT NOT NULL, occurred_at TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL,
     previous_hash TEXT NOT NULL, UNIQUE (stream_id, revision));
   CREATE INDEX events_by_type ON events (type, position);`);
  database.pragma('user_version = 1');
  const insert = database.prepare('INSERT INTO events (stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  let previousHash = genesisHash;
  for (const revision of [0, 1]) {
    const content = { streamId: 'old', revision, type: 'A', data: { n: revision }, occurredAt: '2024-01-01T00:00:00.000Z', recordedAt: '2024-01-01T00:00:01.000Z', previousHash };
    const hash = eventHash(content);
    insert.run('old', revision, 'A', JSON.stringify(content.data), content.occurredAt, content.recordedAt, hash, previousHash);
    previousHash = hash;
  }
  database.close();
  return previousHash;
};

describe('sqlite event store schema migration', () => {
  it('upgrades a version-1 file in place; old events keep v1 hashes, new ones are v2, the chain verifies', async () => {
    const path = files.nextPath();
    const oldHead = writeVersionOneFile(path);
    const store = openSqliteEventStore({ path });
    try {
      expect(schemaVersion).toBe(2);
      expect(store.database.pragma('user_version', { simple: true })).toBe(2);
      const old = await store.readStream('old');
      expect(old.map((event) => [event.metadata, hashVersionOf(event)])).toEqual([[undefined, 1], [undefined, 1]]);
      expect(old.at(-1)?.hash).toBe(oldHead);
      const [added] = appended(await store.append('old', [{ ...newEvent('A', { n: 2 }), metadata: { issuedBy: 'cli:ops' } }], expectExact(1)));
      expect(added?.previousHash).toBe(oldHead);
      expect(added === undefined ? 0 : hashVersionOf(added)).toBe(2);
      const verifier = new ChainVerifier('old');
      (await store.readStream('old')).forEach((event) => verifier.accept(event));
      expect(verifier.result()).toMatchObject({ events: 3, verified: true });
    } finally {
      await store.close();
    }
    const reopened = openSqliteEventStore({ path });
    expect((await reopened.readStream('old')).map((event) => event.metadata)).toEqual([undefined, undefined, { issuedBy: 'cli:ops' }]);
    await reopened.close();
  });
});
