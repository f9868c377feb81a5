// The hold-expiry process as the server runs it: the open-holds view fed by its own projection
// runner (in memory, rebuilt from the store at every start: a restart loses nothing the store
// has), and the process releasing what the view says is due by the system clock.
// LEDGER_HOLD_EXPIRY_INTERVAL_MS: time between passes (default 1000, 50..3600000).
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { systemClock } from '../event-store/recorded-at.ts';
import { type OpenHoldsView, createOpenHoldsView } from '../../projections/holds/open-holds.ts';
import { createMemoryProjectionPersistence } from '../../projections/runner/memory-projection-persistence.ts';
import { type ProjectionRunner, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { holdExpiryIntervalMsDefault, startHoldExpiry } from '../processes/hold-expiry.ts';

export type HoldExpiryService = Readonly<{ view: OpenHoldsView; runner: ProjectionRunner; stop: () => Promise<void> }>;

const intervalMsMin = 50;
const intervalMsMax = 3_600_000;

const intervalMsOf = (env: Readonly<Record<string, string | undefined>>): number => {
  const text = env.LEDGER_HOLD_EXPIRY_INTERVAL_MS;
  if (text === undefined || text === '') return holdExpiryIntervalMsDefault;
  const value = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= intervalMsMin && value <= intervalMsMax)) {
    throw new Error(`LEDGER_HOLD_EXPIRY_INTERVAL_MS must be an integer from ${intervalMsMin} to ${intervalMsMax}, not ${text}`);
  }
  return value;
};

export const startHoldExpiryService = (
  store: EventStore,
  commands: CommandHandler,
  env: Readonly<Record<string, string | undefined>>,
): HoldExpiryService => {
  const intervalMs = intervalMsOf(env);
  const view = createOpenHoldsView();
  const runner = createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [view.projection] });
  runner.start();
  const expiry = startHoldExpiry({ view, commands, clock: systemClock, intervalMs });
  return {
    view,
    runner,
    stop: async () => {
      await expiry.stop();
      await runner.stop();
    },
  };
};
