// What `projections status` reports, read without building any projection (building writes
// schemas): each checkpoint straight from the read file's projection_checkpoints (none: no file yet) (the table of
// projections/runner/sqlite-projection-persistence.ts), then the store's head. Checkpoints are
// read first so that a server appending meanwhile can only make a projection look further behind.
import type { Database } from 'better-sqlite3';
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import { textTable } from './text-table.ts';

// not_built: no checkpoint yet; ahead_of_store: a checkpoint past the head (the events were
// restored from an older copy than the projection): it answers for events the store lacks.
export type ProjectionHealth = 'caught_up' | 'behind' | 'not_built' | 'ahead_of_store';

export type ProjectionStatusLine = Readonly<{ name: string; checkpoint: string; head: string; behind: string; state: ProjectionHealth }>;

const checkpointTable = 'projection_checkpoints';

const checkpointsOf = (database: Database | undefined, names: ReadonlyArray<string>): ReadonlyArray<GlobalPosition | undefined> => {
  if (database === undefined) return names.map(() => undefined);
  const exists = database.prepare<[string], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(checkpointTable);
  if (exists === undefined) return names.map(() => undefined);
  const load = database.prepare<[string], bigint>(`SELECT position FROM ${checkpointTable} WHERE name = ?`).pluck().safeIntegers(true);
  return database.transaction(() => names.map((name) => load.get(name)))();
};

const healthOf = (checkpoint: GlobalPosition | undefined, head: GlobalPosition): ProjectionHealth => {
  if (checkpoint === undefined) return 'not_built';
  if (checkpoint > head) return 'ahead_of_store';
  return checkpoint === head ? 'caught_up' : 'behind';
};

export const projectionStatuses = async (
  store: EventStore, database: Database | undefined, names: ReadonlyArray<string>,
): Promise<ReadonlyArray<ProjectionStatusLine>> => {
  const checkpoints = checkpointsOf(database, names);
  const head = await store.headPosition();
  return names.map((name, i) => {
    const checkpoint = checkpoints[i];
    const at = checkpoint ?? 0n;
    // Positions of the SQLite store have no gaps: the distance is a count of events.
    return { name, checkpoint: at.toString(), head: head.toString(), behind: (head > at ? head - at : 0n).toString(), state: healthOf(checkpoint, head) };
  });
};

export const statusText = (statuses: ReadonlyArray<ProjectionStatusLine>): string =>
  textTable(
    [{ title: 'projection' }, { title: 'checkpoint', numeric: true }, { title: 'head', numeric: true }, { title: 'behind', numeric: true }, { title: 'state' }],
    statuses.map((status) => [status.name, status.checkpoint, status.head, status.behind, status.state.replaceAll('_', ' ')]),
  );
