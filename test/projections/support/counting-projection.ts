// A SQLite projection that counts what it is fed per type, optionally failing on one chargeId, so
// tests can see double application, lost batches and rollbacks.
import type { Database } from 'better-sqlite3';
import type { Projection } from '../../../projections/runner/projection.ts';

export const countingProjection = (
  database: Database, name: string, types: ReadonlyArray<string>, failOn?: { chargeId: string },
): Projection<Database> & { counts: () => Record<string, number>; batchSizes: number[] } => {
  database.exec(`CREATE TABLE IF NOT EXISTS projection_test_counts (projection TEXT, type TEXT, count INTEGER,
    PRIMARY KEY (projection, type))`);
  const add = database.prepare(`INSERT INTO projection_test_counts VALUES (?, ?, 1)
    ON CONFLICT (projection, type) DO UPDATE SET count = count + 1`);
  const batchSizes: number[] = [];
  return {
    name,
    eventTypes: types,
    applyBatch: (_tx, events) => {
      batchSizes.push(events.length);
      for (const event of events) {
        add.run(name, event.type);
        if (failOn !== undefined && event.data.chargeId === failOn.chargeId) throw new Error(`cannot project ${failOn.chargeId}`);
      }
    },
    reset: () => void database.prepare('DELETE FROM projection_test_counts WHERE projection = ?').run(name),
    counts: () =>
      Object.fromEntries(
        database.prepare<[string], { type: string; count: number }>('SELECT type, count FROM projection_test_counts WHERE projection = ?')
          .all(name).map((row) => [row.type, row.count]),
      ),
    batchSizes,
  };
};
