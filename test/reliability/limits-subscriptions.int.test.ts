// Bounded subscription buffers: a projection whose handler never returns while 50,000 events are
// appended holds exactly one batch; the store is read once for it, not once per append. And a
// catch-up over a backlog must let the event loop breathe between batches.
import { afterAll, describe, expect, it } from 'vitest';
import { catchUpSubscription } from '../../adapters/event-store/catch-up-subscription.ts';
import { type EventStore, type ReadAllOptions, type StoredEvent, appendBatchSizeMax, expectAny, pageSizeMax } from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { deferred, turns } from './support/deferred.ts';
import { openedEvent, topUpEvents } from './support/top-up-events.ts';

const files = temporaryDirectory('limits-subscriptions');
afterAll(files.remove);
const appendedTotal = 50_000;
const batchSizeMax = 500;

const appendMany = async (store: EventStore, accountId: string, total: number): Promise<void> => {
  await store.append(`account-${accountId}`, [openedEvent(accountId)], expectAny);
  for (let done = 0; done < total; done += appendBatchSizeMax) {
    await store.append(`account-${accountId}`, topUpEvents(accountId, Math.min(appendBatchSizeMax, total - done), `t${done}`), expectAny);
  }
};

const stores: ReadonlyArray<readonly [string, () => EventStore]> = [
  ['memory', () => createMemoryEventStore()],
  ['sqlite', () => openSqliteEventStore({ path: files.nextPath() })],
];

describe('subscription buffers', () => {
  it('a stuck handler holds one batch while 50,000 events are appended; the store is read once', async () => {
    const store = createMemoryEventStore();
    let reads = 0;
    const readAll = (options: ReadAllOptions): Promise<ReadonlyArray<StoredEvent>> => {
      reads += 1;
      return store.readAll(options);
    };
    const wakes = new Set<() => void>();
    const stuck = deferred();
    const batches: number[] = [];
    let readsWhenStuck = 0;
    await appendMany(store, 'stuck', batchSizeMax);
    const subscription = catchUpSubscription(readAll, (listener) => (wakes.add(listener), () => wakes.delete(listener)), { batchSizeMax }, async (batch) => {
      batches.push(batch.length);
      readsWhenStuck = reads;
      await stuck.promise;
    });
    await appendMany(store, 'more', appendedTotal);
    for (const wake of wakes) wake();
    await turns(50);
    expect({ readsWhenStuck, reads, batches }).toEqual({ readsWhenStuck: 1, reads: 1, batches: [batchSizeMax] });
    stuck.resolve();
    await subscription.stop();
  });

  it.each(stores)('%s store: a stuck subscriber receives one batch of at most batchSizeMax, whatever is appended', async (_name, open) => {
    const store = open();
    const stuck = deferred();
    const batches: number[] = [];
    const subscription = store.subscribe({ batchSizeMax }, async (batch) => {
      batches.push(batch.length);
      await stuck.promise;
    });
    await appendMany(store, 'stuck', appendedTotal);
    await turns(50);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toBeLessThanOrEqual(batchSizeMax);
    stuck.resolve();
    await subscription.stop();
    await store.close();
  });

  it.each(stores)('%s store: a batch size above the page cap is cut to the page cap', async (_name, open) => {
    const store = open();
    await appendMany(store, 'big', 3 * pageSizeMax);
    const sizes: number[] = [];
    const done = deferred();
    const subscription = store.subscribe({ batchSizeMax: 50_000 }, async (batch) => {
      sizes.push(batch.length);
      if (sizes.reduce((a, b) => a + b, 0) >= 3 * pageSizeMax + 1) done.resolve();
    });
    await done.promise;
    await subscription.stop();
    await store.close();
    expect(Math.max(...sizes)).toBe(pageSizeMax);
  });

  // Was a bug: when the store answers readAll at once (SQLite, memory), `await readAll()` and
  // `await handler()` only queue microtasks, so a catch-up over a backlog never yielded to the
  // event loop until done: the server could not listen while projections caught up (10M events:
  // minutes), nor serve, nor see SIGTERM.
  it.each(stores)('%s store: a catch-up over a backlog lets timers and I/O run between batches', async (_name, open) => {
    const store = open();
    await appendMany(store, 'backlog', 20 * pageSizeMax);
    let delivered = 0;
    let deliveredWhenTheLoopTurned: number | undefined;
    const caughtUp = deferred();
    setImmediate(() => {
      deliveredWhenTheLoopTurned = delivered;
    });
    const subscription = store.subscribe({}, async (batch) => {
      delivered += batch.length;
      if (delivered > 20 * pageSizeMax) caughtUp.resolve();
    });
    await caughtUp.promise;
    await turns(1);
    await subscription.stop();
    await store.close();
    // With the bug the loop first turns once all 20,001 events were delivered.
    expect(deliveredWhenTheLoopTurned).toBeLessThan(20 * pageSizeMax);
  });
});
