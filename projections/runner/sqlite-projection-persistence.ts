// Checkpoints in the event store's own SQLite database: a batch's projection writes and its
// checkpoint commit in one transaction, so after a crash a projection resumes exactly where its
// last committed batch ended. The table is created here, never in the event store's migrations
// (user_version belongs to the store), so open the store before this.
import type { Database } from 'better-sqlite3';
import type { GlobalPosition } from '../../domain/ports/event-store.ts';
import { positionBeforeAll } from '../../domain/ports/event-store.ts';
import type { ProjectionPersistence } from './projection.ts';

export const createSqliteProjectionPersistence = (database: Database): ProjectionPersistence<Database> => {
  database.exec(
    'CREATE TABLE IF NOT EXISTS projection_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID',
  );
  const load = database.prepare<[string], bigint>('SELECT position FROM projection_checkpoints WHERE name = ?').pluck().safeIntegers(true);
  const save = database.prepare<[string, bigint]>(
    'INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );
  return {
    // IMMEDIATE: take the write lock first, so a batch never fails half-way on another writer, and
    // so that loadCheckpoint inside it reads what another process last committed (the runner
    // re-reads it there: two processes on one file never apply the same batch twice).
    transaction: (work) => database.transaction(() => work(database)).immediate(),
    loadCheckpoint: (name) => load.get(name) ?? positionBeforeAll,
    saveCheckpoint: (_tx, name, position) => {
      save.run(name, position);
    },
  };
};
