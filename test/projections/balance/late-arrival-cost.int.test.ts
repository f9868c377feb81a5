import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type StoredEvent, expectAny } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { createSqliteBalanceIndex } from '../../../projections/balance/sqlite-balance-index.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { minuteAt, opened, toppedUp } from '../support/ledger-fixtures.ts';

describe('a late arrival in the SQLite balance index', () => {
  it('writes a bounded number of rows, however many events occurred after it', async () => {
    const store = createMemoryEventStore({ clock: { now: () => new Date('2024-06-01T00:00:00.000Z') } });
    await store.append('account-a', [opened('a')], expectAny);
    const inOrder = Array.from({ length: 3_000 }, (_, index) => toppedUp('a', 10 + index, '1', `t-${index}`));
    await store.append('account-a', inOrder, expectAny);
    await store.append('account-a', [toppedUp('a', 1, '5', 't-late')], expectAny);
    const events: StoredEvent[] = [];
    for (let after = 0n; ; ) {
      const page = await store.readAll({ after, limit: 1_000 });
      const last = page.at(-1);
      if (last === undefined) break;
      events.push(...page);
      after = last.position;
    }
    const database = new Database(':memory:');
    const persistence = createSqliteProjectionPersistence(database);
    const index = createSqliteBalanceIndex(database);
    const late = events.at(-1);
    if (late === undefined) throw new Error('no events');
    persistence.transaction((tx) => index.projection.applyBatch(tx, events.slice(0, -1)));
    const before = Number(database.prepare('SELECT total_changes()').pluck().get());
    persistence.transaction((tx) => index.projection.applyBatch(tx, [late]));
    const written = Number(database.prepare('SELECT total_changes()').pluck().get()) - before;
    // One point, one account row, at most one trie node per level (49): never the 3,000 later ones.
    expect(written).toBeGreaterThan(1);
    expect(written).toBeLessThanOrEqual(51);
    const answer = index.balanceAt('a' as AccountId, { asOf: minuteAt(5), knownAt: minuteAt(100_000) });
    expect(answer?.ledgerBalance.amount.toFixed()).toBe('5');
    database.close();
  });
});
