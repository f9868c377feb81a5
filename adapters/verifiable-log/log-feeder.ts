// Feeds the log's nodes from the store in global order, off the append path: a catch-up
// subscription after the last leaf, so that appends never wait for the log. On a dense store
// (SQLite, memory) logIndex = position - 1, and the feeder asserts it: a gap or a repeat would
// give two orders to one log.
import type { EventStore, StoredEvent, Subscription } from '../../domain/ports/event-store.ts';
import { eventLeafHash } from './merkle-hash.ts';
import type { LogNodes } from './log-nodes.ts';

export const feederBatchSizeMax = 1000;

export const assertDense = (events: ReadonlyArray<StoredEvent>, firstLogIndex: number): void => {
  events.forEach((event, offset) => {
    if (event.position !== BigInt(firstLogIndex + offset + 1)) {
      throw new Error(
        `verifiable log: event at position ${event.position} would be leaf ${firstLogIndex + offset}; positions must be dense`,
      );
    }
  });
};

export const feedLog = (store: EventStore, nodes: LogNodes, onFed: () => void): Subscription =>
  store.subscribe({ after: BigInt(nodes.size()), batchSizeMax: feederBatchSizeMax }, async (batch) => {
    assertDense(batch, nodes.size());
    nodes.append(batch.map((event) => eventLeafHash(event.hash)));
    onFed();
  });
