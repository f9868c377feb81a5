// Drives the detector over the store: reads ledger events after its checkpoint in pages, folds
// them (processBatch), freezes accounts the policy names, then appends the new alerts to the
// fraud-alerts stream. Freezing before appending means a crash in between freezes again (a no-op)
// on the re-run instead of losing the freeze. The projection runner can later drive processBatch
// and appendAlerts itself; this driver is the stand-alone form (CLI, tests, the HTTP server).
import type { CommandHandler } from '../../adapters/command-handling/command-handler.ts';
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import { type JournalHead, appendAlerts, readJournalHead } from './alert-journal.ts';
import { type AutoFreezePolicy, freezeForAlerts, noAutoFreeze } from '../../adapters/processes/auto-freeze-policy.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import { type DetectorState, fraudSourceEventTypes, initialDetectorState, processBatch } from './fraud-detector.ts';
import { type FraudRules, defaultFraudRules } from './fraud-rules.ts';

export type FraudAlertDriverOptions = Readonly<{
  store: EventStore;
  rules?: FraudRules;
  batchSizeMax?: number;
  // Both needed for auto-freeze; without a handler the policy must be empty.
  commandHandler?: CommandHandler;
  autoFreeze?: AutoFreezePolicy;
  onAlerts?: (alerts: ReadonlyArray<FraudAlert>) => void;
  // Where to resume (a restored snapshot); the initial state when absent.
  initialState?: DetectorState;
  // Called after each batch, once the alerts it raised are appended: the state it is given never
  // runs ahead of the alert journal, so it is safe to snapshot.
  onProgress?: (state: DetectorState) => void;
}>;

export type CatchUpReport = Readonly<{ eventsRead: number; alertsAppended: number; accountsFrozen: number; checkpoint: bigint }>;

export type FraudAlertDriver = Readonly<{
  // Processes every event stored when it is called; safe to call again at any time.
  catchUp: () => Promise<CatchUpReport>;
  state: () => DetectorState;
}>;

export const createFraudAlertDriver = (options: FraudAlertDriverOptions): FraudAlertDriver => {
  const { store } = options;
  const step = processBatch(options.rules ?? defaultFraudRules);
  const policy = options.autoFreeze ?? noAutoFreeze;
  const limit = Math.min(options.batchSizeMax ?? pageSizeMax, pageSizeMax);
  if (policy.size > 0 && options.commandHandler === undefined) throw new Error('fraud alerts: auto-freeze needs a command handler');
  let state = options.initialState ?? initialDetectorState();
  let journal: JournalHead | undefined;
  let running: Promise<CatchUpReport> | undefined;

  const run = async (): Promise<CatchUpReport> => {
    journal = await readJournalHead(store, journal);
    const head = await store.headPosition();
    let eventsRead = 0;
    let alertsAppended = 0;
    let accountsFrozen = 0;
    while (state.checkpoint < head) {
      const page = await store.readAll({ after: state.checkpoint, limit, types: fraudSourceEventTypes });
      const last = page.at(-1);
      if (last === undefined) {
        // No rule-relevant event up to the head read above: the detector has seen everything up
        // to it, so readers waiting for any position up to the head (a top-up's) are answered.
        state = { ...state, checkpoint: head };
        break;
      }
      const detection = step(state, page);
      const fresh = detection.alerts.filter((alert) => alert.triggeredAt > (journal?.triggeredAt ?? 0n));
      if (options.commandHandler !== undefined && policy.size > 0) {
        accountsFrozen += await freezeForAlerts(options.commandHandler, policy, fresh);
      }
      const appended = await appendAlerts(store, fresh, journal);
      journal = appended.head;
      alertsAppended += appended.appended.length;
      if (appended.appended.length > 0) options.onAlerts?.(appended.appended);
      state = { ...detection.state, checkpoint: last.position };
      eventsRead += page.length;
      options.onProgress?.(state);
      await yieldToEventLoop();
    }
    return { eventsRead, alertsAppended, accountsFrozen, checkpoint: state.checkpoint };
  };

  return {
    // One catch-up at a time: a second caller waits for the running one, then runs its own.
    catchUp: async () => {
      while (running !== undefined) await running.catch(() => undefined);
      running = run();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    state: () => state,
  };
};
