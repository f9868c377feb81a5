// The log's SQLite hash reader gives exactly what the port's readAll gives (position and stored
// hash, in order, bounded by a page), so the log checks the same values without parsing events.
import { afterAll, describe, expect, it } from 'vitest';
import { pageSizeMax } from '../../../domain/ports/event-store.ts';
import { eventHashesThroughPort, sqliteEventHashes } from '../../../adapters/verifiable-log/event-hashes.ts';
import { temporaryDirectory } from '../event-store/sqlite-test-files.ts';
import { appendEvents, openLoggedStore } from './verifiable-log-fixtures.ts';

const files = temporaryDirectory('event-hashes');
afterAll(() => files.remove());

describe('sqliteEventHashes', () => {
  it('reads the positions and hashes readAll reads, after a position and at most a page', async () => {
    const logged = openLoggedStore(files.nextPath());
    try {
      await appendEvents(logged.store, 1_005, 7);
      const fromColumn = sqliteEventHashes(logged.store.database);
      const throughPort = eventHashesThroughPort(logged.store);
      const strip = (events: ReadonlyArray<{ position: bigint; hash: string }>) => events.map(({ position, hash }) => ({ position, hash }));
      for (const [after, limit] of [[0n, 10], [3n, 5_000], [995n, 50], [1_005n, 10]] as const) {
        const read = await fromColumn(after, limit);
        expect(read).toEqual(strip(await throughPort(after, limit)));
        expect(read.length).toBe(Math.min(limit, pageSizeMax, 1_005 - Number(after)));
        expect(read[0]?.position).toBe(read.length === 0 ? undefined : after + 1n);
      }
    } finally {
      await logged.close();
    }
  });
});
