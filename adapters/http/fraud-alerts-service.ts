// Keeps the fraud alert driver caught up while the server runs, and answers GET /v1/fraud/alerts
// from the alert stream. At start-up the driver catches up in the background (the server listens
// meanwhile); after that, every append wakes it. Readers wait (bounded) for its checkpoint.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore, GlobalPosition, Subscription } from '../event-store/event-store.ts';
import { createFraudAlertDriver } from '../../projections/fraud/alert-driver.ts';
import { alertsSince } from '../../projections/fraud/alerts-since.ts';
import { autoFreezeVariable, parseAutoFreeze } from '../../projections/fraud/auto-freeze.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import type { AlertsQuery } from './app-deps.ts';

export type FraudAlerts = Readonly<{ query: AlertsQuery; stop: () => Promise<void> }>;

const waitPollMs = 10;

export const startFraudAlerts = (store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>): FraudAlerts => {
  const policy = parseAutoFreeze(env[autoFreezeVariable]);
  if (isLeft(policy)) throw new Error(policy.left);
  const driver = createFraudAlertDriver({ store, commandHandler: commands, autoFreeze: policy.right });
  // A failed catch-up is retried at the next append; readers waiting meanwhile time out (503).
  const catchUp = (): Promise<void> => driver.catchUp().then(() => undefined, () => undefined);
  const started = (async (): Promise<Subscription> => {
    const head = await store.headPosition();
    void catchUp();
    // Woken by every append after the start (of any type, so that the checkpoint also passes
    // events the rules do not read); the backlog is the background catch-up's.
    return store.subscribe({ after: head }, catchUp);
  })();
  const waitFor = async (position: GlobalPosition, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (driver.state().checkpoint >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, waitPollMs));
    }
  };
  return {
    query: {
      since: async (since, limit) => (await alertsSince(store, since, limit)).map(alertToJson),
      waitFor,
    },
    stop: async () => (await started).stop(),
  };
};
