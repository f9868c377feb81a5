// The store the server's commands use, telling the read side after each append that something
// was written (a worker thread's subscription wakes then instead of at its next poll). The
// append's answer does not wait for anything the read side does.
import type { EventStore } from '../../domain/ports/event-store.ts';

export const notifyingAppends = (store: EventStore, appended: () => void): EventStore => ({
  ...store,
  append: async (streamId, events, expected) => {
    const outcome = await store.append(streamId, events, expected);
    if (outcome.kind === 'appended' && outcome.events.length > 0) appended();
    return outcome;
  },
});
