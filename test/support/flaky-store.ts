// Fault injection for the read side: an EventStore around another whose reads fail with
// StoreUnavailableError while `down` is set (a restart, a leader change, a network cut), and whose
// subscriptions read through those failing reads, so that a subscription ends on the outage as a
// real one does. Appends go to the inner store (the writer is elsewhere).
import { type WakeSource, catchUpSubscription } from '../../adapters/event-store/catch-up-subscription.ts';
import { type EventStore, StoreUnavailableError } from '../../domain/ports/event-store.ts';

export type FlakyStore = EventStore & { down: boolean; readonly subscriptionsEnded: () => number };

const pollIntervalMs = 5;
const noWake: WakeSource = () => () => undefined;

export const flakyStore = (inner: EventStore): FlakyStore => {
  let ended = 0;
  const flaky: FlakyStore = {
    ...inner,
    down: false,
    subscriptionsEnded: () => ended,
    readAll: (options) => (flaky.down ? Promise.reject(new StoreUnavailableError('injected outage: readAll')) : inner.readAll(options)),
    readStream: (streamId, options) =>
      (flaky.down ? Promise.reject(new StoreUnavailableError('injected outage: readStream')) : inner.readStream(streamId, options)),
    headPosition: () => (flaky.down ? Promise.reject(new StoreUnavailableError('injected outage: headPosition')) : inner.headPosition()),
    subscribe: (options, handler) => {
      const subscription = catchUpSubscription(flaky.readAll, noWake, options, handler, pollIntervalMs);
      void subscription.done.then((error) => { if (error !== undefined) ended += 1; });
      return subscription;
    },
  };
  return flaky;
};
