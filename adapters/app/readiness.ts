// GET /ready's answer and the projection lag of /metrics: the store must answer its head, and
// every projection must be within readyLagMax events of it and not failed. Lag counts events:
// positions of the SQLite and memory stores have no gaps (head - checkpoint); EventStoreDB's do,
// so there the events after the checkpoint are counted, reading at most readyLagMax + 1 of them.
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import type { ProjectionStatus } from '../../projections/runner/projection-runner.ts';
import type { Readiness, ReadinessReport } from '../http/app-deps.ts';

const countAfter = async (store: EventStore, after: GlobalPosition, head: GlobalPosition, countMax: number): Promise<number> => {
  let counted = 0;
  let from = after;
  while (counted <= countMax && from < head) {
    const page = await store.readAll({ after: from, limit: pageSizeMax });
    const last = page.at(-1);
    if (last === undefined) break;
    counted += page.filter((event) => event.position <= head).length;
    from = last.position;
  }
  return counted;
};

export const readinessOf = (
  store: EventStore, statuses: () => ReadonlyArray<ProjectionStatus>, readyLagMax: number, gaplessPositions: boolean,
): Readiness => async (): Promise<ReadinessReport> => {
  // Statuses first: an append meanwhile can only make a projection look further behind.
  const now = statuses();
  let head: GlobalPosition;
  try {
    head = await store.headPosition();
  } catch {
    return { ready: false, storeReachable: false, projections: {} };
  }
  const projections: Record<string, ReadinessReport['projections'][string]> = {};
  let ready = true;
  for (const status of now) {
    const behind = status.checkpoint >= head ? 0 : gaplessPositions
      ? Number(head - status.checkpoint)
      : await countAfter(store, status.checkpoint, head, readyLagMax);
    const lagging = behind > readyLagMax || status.state === 'failed';
    if (lagging) ready = false;
    projections[status.name] = {
      state: status.state, checkpoint: status.checkpoint.toString(), head: head.toString(), lag: behind,
      ...(status.error === undefined ? {} : { error: status.error }),
    };
  }
  return { ready, storeReachable: true, projections };
};
