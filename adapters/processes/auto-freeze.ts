// The auto-freeze process: reads the fraud detector's alert journal (a projection of the read side,
// written by the runner in its worker) page by page after its cursor, and freezes the account of
// every alert the policy (LEDGER_FRAUD_AUTO_FREEZE) names, through the one command path of this
// process. It never writes the read side. Its cursor is persisted (auto-freeze-cursor.ts: a file
// the process owns beside the read file; in memory for the memory store), so a restart resumes
// after the last alert handled. A freeze asked again (a crash between a freeze and the cursor's
// save, a cursor of another ledger ignored, several instances) is answered as a replay: the
// command names the alert and the decider keeps one freeze per alert. Alert ids and positions are
// derived from the events, so a rebuilt read file keeps the cursor's meaning.
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { type AlertCursor, type AlertsReader, cursorOf } from '../../projections/fraud/fraud-detector-projection.ts';
import { type AutoFreezeCursor, memoryAutoFreezeCursor } from './auto-freeze-cursor.ts';
import { type AutoFreezePolicy, freezeForAlerts } from './auto-freeze-policy.ts';
import { startPeriodicPasses } from './periodic-passes.ts';

export type AutoFreezeOptions = Readonly<{
  policy: AutoFreezePolicy;
  // The journal as the API reads it now (the read file may be reopened after a rebuild).
  alerts: () => Pick<AlertsReader, 'after'>;
  commands: CommandHandler;
  // Where the process resumes; in memory when absent (a start then reads the journal again).
  cursor?: AutoFreezeCursor;
  intervalMs?: number;
  // Alerts read per page, and pages per pass (the rest waits for the next pass).
  pageSizeMax?: number;
  pagesPerPassMax?: number;
  onError?: (error: unknown) => void;
}>;

export type AutoFreeze = Readonly<{
  // One pass; resolves to how many accounts it froze (replays not counted).
  runOnce: () => Promise<number>;
  stop: () => Promise<void>;
}>;

export const autoFreezeIntervalMsDefault = 200;

export const createAutoFreeze = (options: AutoFreezeOptions): Pick<AutoFreeze, 'runOnce'> => {
  const pageSizeMax = options.pageSizeMax ?? 500;
  const pagesPerPassMax = options.pagesPerPassMax ?? 20;
  const kept = options.cursor ?? memoryAutoFreezeCursor();
  let cursor: AlertCursor | undefined = kept.load();
  return {
    runOnce: async () => {
      let frozen = 0;
      for (let pages = 0; pages < pagesPerPassMax; pages += 1) {
        const page = options.alerts().after(cursor, pageSizeMax);
        const last = page.at(-1);
        if (last === undefined) break;
        // A failed freeze throws before the cursor moves: the next pass asks again.
        frozen += await freezeForAlerts(options.commands, options.policy, page);
        cursor = cursorOf(last);
        kept.save(cursor);
        if (page.length < pageSizeMax) break;
      }
      return frozen;
    },
  };
};

// Passes every intervalMs until stopped, the first at once.
export const startAutoFreeze = (options: AutoFreezeOptions): AutoFreeze => {
  const process = createAutoFreeze(options);
  const intervalMs = options.intervalMs ?? autoFreezeIntervalMsDefault;
  const onError = options.onError ?? ((error: unknown) => console.error('auto-freeze:', error));
  const passes = startPeriodicPasses(process.runOnce, { intervalMs, firstDelayMs: 0, onError });
  return { runOnce: process.runOnce, stop: passes.stop };
};
