// The hold-expiry process: every tick, the open holds past their holdExpiresAt by the ledger's
// clock (from the read side's view) are released through the one command path. ExpireHold names
// the hold itself (account and charge id) and the decider records one expiry per hold whoever asks,
// so a restart, a lagging view or a second instance issuing it again appends nothing: it is
// answered as a replay or charge_not_held (captured or voided first). The release is recorded
// with occurredAt = the hold's expiry, whenever the process noticed.
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import { instantFromEpochMs } from '../../domain/instant.ts';
import type { HoldsReader } from '../../projections/holds/open-holds.ts';
import { startPeriodicPasses } from './periodic-passes.ts';

export type HoldExpiryOptions = Readonly<{
  view: Pick<HoldsReader, 'due'>;
  commands: CommandHandler;
  clock: Clock;
  intervalMs?: number;
  // Holds released per tick at most: the rest wait for the next tick.
  batchMax?: number;
  onError?: (error: unknown) => void;
}>;

export type HoldExpiry = Readonly<{
  // One pass; resolves to how many holds this pass released.
  runOnce: () => Promise<number>;
  stop: () => Promise<void>;
}>;

// Who the ledger records as issuing each release (issuedBy in the event's metadata).
export const holdExpiryIssuer = 'system:hold-expiry';

export const holdExpiryIntervalMsDefault = 1_000;
export const holdExpiryBatchMaxDefault = 100;

export const createHoldExpiry = (options: HoldExpiryOptions): HoldExpiry => {
  const batchMax = options.batchMax ?? holdExpiryBatchMaxDefault;
  const runOnce = async (): Promise<number> => {
    const now = instantFromEpochMs(options.clock.now().getTime());
    let released = 0;
    for (const hold of options.view.due(now, batchMax)) {
      const outcome = await options.commands({ kind: 'ExpireHold', accountId: hold.accountId, chargeId: hold.chargeId, occurredAt: now }, holdExpiryIssuer);
      if (outcome._tag === 'Right' && !outcome.right.replayed) released += 1;
    }
    return released;
  };
  return { runOnce, stop: async () => undefined };
};

// Runs passes every intervalMs until stopped; a pass never overlaps the next, and stop() waits for
// the pass under way.
export const startHoldExpiry = (options: HoldExpiryOptions): HoldExpiry => {
  const expiry = createHoldExpiry(options);
  const intervalMs = options.intervalMs ?? holdExpiryIntervalMsDefault;
  const onError = options.onError ?? ((error: unknown) => console.error('hold expiry:', error));
  const passes = startPeriodicPasses(expiry.runOnce, { intervalMs, firstDelayMs: intervalMs, onError });
  return { runOnce: expiry.runOnce, stop: passes.stop };
};
