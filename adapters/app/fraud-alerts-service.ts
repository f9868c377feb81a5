// Keeps the fraud alert driver caught up while the server runs, and answers GET /v1/fraud/alerts
// from the alert stream. At start-up the driver resumes from its snapshot when the store is SQLite
// (from zero otherwise, or when the snapshot does not fit) and catches up in the background (the
// server listens meanwhile); after that, every append wakes it. Readers wait (bounded) for its
// checkpoint. The state is snapshotted during catch-ups (detector-snapshotter.ts) and at stop.
import type { Database } from 'better-sqlite3';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore, GlobalPosition, Subscription } from '../../domain/ports/event-store.ts';
import { type FraudAlertDriver, createFraudAlertDriver } from '../../projections/fraud/alert-driver.ts';
import { alertsSince } from '../../projections/fraud/alerts-since.ts';
import { autoFreezeVariable, parseAutoFreeze } from '../../projections/fraud/auto-freeze.ts';
import {
  type DetectorSnapshotter, type SnapshotPolicy, type SnapshotStatus, createDetectorSnapshotter,
} from '../../projections/fraud/detector-snapshotter.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { type FraudRules, defaultFraudRules } from '../../projections/fraud/fraud-rules.ts';
import { createSqliteDetectorSnapshots } from '../../projections/fraud/sqlite-detector-snapshots.ts';
import type { AlertsQuery } from '../http/app-deps.ts';
import type { ResumeBackoff } from '../../projections/runner/resume-backoff.ts';
import { resubscribing } from './resubscribing.ts';

// snapshots: undefined when the store keeps no snapshot (memory, EventStoreDB).
export type FraudAlerts = Readonly<{ query: AlertsQuery; stop: () => Promise<void>; snapshots: () => SnapshotStatus | undefined }>;

export type FraudAlertsOptions = Readonly<{
  // The SQLite store's own database, where the detector's snapshot lives.
  database?: Database;
  rules?: FraudRules;
  snapshotPolicy?: SnapshotPolicy;
  resumeBackoff?: ResumeBackoff;
}>;

const waitPollMs = 10;

export const startFraudAlerts = (
  store: EventStore,
  commands: CommandHandler,
  env: Readonly<Record<string, string | undefined>>,
  options: FraudAlertsOptions = {},
): FraudAlerts => {
  const policy = parseAutoFreeze(env[autoFreezeVariable]);
  if (isLeft(policy)) throw new Error(policy.left);
  const rules = options.rules ?? defaultFraudRules;
  const snapshotter: DetectorSnapshotter | undefined = options.database === undefined
    ? undefined
    : createDetectorSnapshotter({ snapshots: createSqliteDetectorSnapshots(options.database), rules, policy: options.snapshotPolicy });
  let stopped = false;
  const started = (async (): Promise<Readonly<{ driver: FraudAlertDriver; subscription: Subscription }>> => {
    const head = await store.headPosition();
    const driver = createFraudAlertDriver({
      store,
      rules,
      commandHandler: commands,
      autoFreeze: policy.right,
      initialState: snapshotter?.restore(head),
      onProgress: (state) => {
        if (!stopped) snapshotter?.saveIfDue(state);
      },
    });
    // A failed catch-up is retried at the next append; readers waiting meanwhile time out (503).
    const catchUp = (): Promise<void> => driver.catchUp().then(() => undefined, () => undefined);
    void catchUp();
    // Woken by every append after the start (of any type, so that the checkpoint also passes
    // events the rules do not read); the backlog is the background catch-up's. A subscription
    // ended by a store outage is resumed (with a catch-up of what it missed), never left dead.
    const onResume = (error: Error, delayMs: number): void => {
      console.warn(`fraud detector: the store failed (${error.message}); resuming in ${delayMs} ms`);
    };
    return { driver, subscription: resubscribing(store, head, catchUp, onResume, options.resumeBackoff) };
  })();
  const waitFor = async (position: GlobalPosition, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    const { driver } = await started;
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
    stop: async () => {
      const { driver, subscription } = await started;
      await subscription.stop();
      // A catch-up still running goes on without saving: the store closes after this.
      stopped = true;
      snapshotter?.saveNow(driver.state());
    },
    snapshots: () => snapshotter?.status(),
  };
};
