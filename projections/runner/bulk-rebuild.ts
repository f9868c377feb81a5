// runner.rebuild for a projection that offers a bulk path (BulkRebuild in projection.ts): reset
// and begin in one transaction, then the store's global order in pages, applied in transactions
// of at most bulkBatchEventsMax events (the checkpoint stays at zero), then finish and the
// checkpoint in one transaction. Resolves with the last position read; the caller subscribes from
// there for whatever was appended meanwhile. Memory: at most bulkBatchEventsMax + one page of events.
import type { EventStore, GlobalPosition, StoredEvent } from '../../adapters/event-store/event-store.ts';
import { positionBeforeAll } from '../../adapters/event-store/event-store.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import type { BulkRebuild, Projection, ProjectionPersistence } from './projection.ts';

export const bulkBatchEventsMax = 50_000;

export const rebuildInBulk = async <Tx>(
  store: EventStore, persistence: ProjectionPersistence<Tx>, projection: Projection<Tx>, bulk: BulkRebuild<Tx>,
): Promise<GlobalPosition> => {
  const name = projection.name;
  const types = new Set(projection.eventTypes);
  persistence.transaction((tx) => {
    projection.reset(tx);
    persistence.saveCheckpoint(tx, name, positionBeforeAll);
    bulk.begin(tx);
  });
  // Bounded by the head at the start: later events reach the projection through its subscription.
  const head = await store.headPosition();
  let after = positionBeforeAll;
  let pending: StoredEvent[] = [];
  const flush = (): void => {
    const events = pending;
    pending = [];
    if (events.length > 0) persistence.transaction((tx) => bulk.applyBatch(tx, events));
  };
  while (after < head) {
    const page = await store.readAll({ after });
    const last = page.at(-1);
    if (last === undefined) break;
    for (const event of page) if (types.has(event.type)) pending.push(event);
    after = last.position;
    if (pending.length >= bulkBatchEventsMax) flush();
    await yieldToEventLoop();
  }
  flush();
  persistence.transaction((tx) => {
    bulk.finish(tx);
    persistence.saveCheckpoint(tx, name, after);
  });
  return after;
};
