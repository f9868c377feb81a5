// Keeps the fraud alert driver caught up while the server runs (a catch-up after each batch of
// new ledger events), and answers GET /v1/fraud/alerts from the alert stream.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore, GlobalPosition } from '../event-store/event-store.ts';
import { createFraudAlertDriver } from '../../projections/fraud/alert-driver.ts';
import { alertsSince } from '../../projections/fraud/alerts-since.ts';
import { autoFreezeVariable, parseAutoFreeze } from '../../projections/fraud/auto-freeze.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { fraudSourceEventTypes } from '../../projections/fraud/fraud-detector.ts';
import type { AlertsQuery } from './app-deps.ts';

export type FraudAlerts = Readonly<{ query: AlertsQuery; stop: () => Promise<void> }>;

const waitPollMs = 10;

export const startFraudAlerts = (store: EventStore, commands: CommandHandler, env: Readonly<Record<string, string | undefined>>): FraudAlerts => {
  const policy = parseAutoFreeze(env[autoFreezeVariable]);
  if (isLeft(policy)) throw new Error(policy.left);
  const driver = createFraudAlertDriver({ store, commandHandler: commands, autoFreeze: policy.right });
  const head = store.headPosition();
  let failure: Error | undefined;
  const subscription = store.subscribe({ types: fraudSourceEventTypes }, async () => {
    try {
      await driver.catchUp();
      failure = undefined;
    } catch (error) {
      // A failed catch-up is retried on the next batch; readers waiting meanwhile time out.
      failure = error instanceof Error ? error : new Error(String(error));
    }
  });
  const waitFor = async (position: GlobalPosition, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    await head;
    for (;;) {
      if (driver.state().checkpoint >= position) return true;
      if (Date.now() >= deadline) return false;
      // Events of other types do not move the detector's checkpoint: catch up once to see them.
      if (failure === undefined) await driver.catchUp().catch(() => undefined);
      if (driver.state().checkpoint >= position) return true;
      await new Promise((resolve) => setTimeout(resolve, waitPollMs));
    }
  };
  return {
    query: {
      since: async (since, limit) => (await alertsSince(store, since, limit)).map(alertToJson),
      waitFor,
    },
    stop: () => subscription.stop(),
  };
};
