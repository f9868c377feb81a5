import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { describeEventStoreContract } from './event-store-contract.ts';

describeEventStoreContract('memory', {
  create: async ({ clock }) => createMemoryEventStore({ clock, pollIntervalMs: 20 }),
});
