// The hold-expiry process as the server runs it: the open holds due by the system clock, read from
// the read side's holds view (a projection under the one runner, indexed by expiry), released
// through this server's command path.
// LEDGER_HOLD_EXPIRY_INTERVAL_MS: time between passes (default 1000, 50..3600000).
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { systemClock } from '../event-store/recorded-at.ts';
import type { HoldsReader } from '../../projections/holds/open-holds.ts';
import { type HoldExpiry, holdExpiryIntervalMsDefault, startHoldExpiry } from '../processes/hold-expiry.ts';

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

// holds: the view as the API reads it now (the read file may be reopened after a rebuild).
export const startHoldExpiryService = (
  holds: () => Pick<HoldsReader, 'due'>,
  commands: CommandHandler,
  env: Readonly<Record<string, string | undefined>>,
): HoldExpiry => startHoldExpiry({ view: { due: (now, limit) => holds().due(now, limit) }, commands, clock: systemClock, intervalMs: intervalMsOf(env) });
