// A subscription that outlives store outages: when it ends on an error (the store restarted, a
// leader changed, the network cut), a new one starts after what the old one last delivered, after
// a bounded, jittered backoff. Stopping it stops whichever is current, and any pending restart.
import type { EventStore, GlobalPosition, StoredEvent, Subscription } from '../../domain/ports/event-store.ts';
import { type ResumeBackoff, resumeBackoffDefault, resumeDelayMs } from '../../projections/runner/resume-backoff.ts';

export const resubscribing = (
  store: EventStore,
  after: GlobalPosition,
  handler: (batch: ReadonlyArray<StoredEvent>) => Promise<void>,
  onResume: (error: Error, delayMs: number) => void,
  backoff: ResumeBackoff = resumeBackoffDefault,
): Subscription => {
  let delivered = after;
  let attempts = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Subscription | undefined;
  let settle: (error: Error | undefined) => void = () => undefined;
  const done = new Promise<Error | undefined>((resolve) => { settle = resolve; });
  const start = (): void => {
    const subscription = store.subscribe({ after: delivered }, async (batch) => {
      await handler(batch);
      attempts = 0;
      delivered = batch.at(-1)?.position ?? delivered;
    });
    current = subscription;
    void subscription.done.then((error) => {
      if (stopped || error === undefined) return settle(error);
      const delayMs = resumeDelayMs(attempts, backoff);
      attempts += 1;
      onResume(error, delayMs);
      timer = setTimeout(start, delayMs);
    });
  };
  start();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current?.stop();
      settle(undefined);
    },
    done,
  };
};
