// The fraud detector as a projection in the read models' SQLite file, run by the one projection
// runner (in the read side's worker by default). Its state is folded in memory; each batch inserts
// the alerts it raised into the journal (sqlite-alert-journal.ts) and, when the snapshot policy says
// so, the state, in the batch's own transaction with its checkpoint. The checkpoint may run ahead of
// the last snapshot (a state is not written at every batch), so at open the checkpoint is moved back
// to the snapshot's: the events in between are folded again and their alerts, of derived ids, are
// not inserted twice. A first build (or a rebuild) goes through the bulk path in large batches.
import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { Projection, ProjectionPersistence } from '../runner/projection.ts';
import { type DetectorSnapshotter, type SnapshotPolicy, type SnapshotStatus, createDetectorSnapshotter } from './detector-snapshotter.ts';
import { type AlertsReader, fraudDetectorProjectionName } from './fraud-detector-projection.ts';
import { type DetectorState, fraudSourceEventTypes, initialDetectorState, processBatch } from './fraud-detector.ts';
import { type FraudRules, defaultFraudRules } from './fraud-rules.ts';
import { createSqliteAlertJournal } from './sqlite-alert-journal.ts';
import { createSqliteDetectorSnapshots } from './sqlite-detector-snapshots.ts';

export type SqliteFraudDetector = Readonly<{
  projection: Projection<Database>;
  alerts: AlertsReader;
  snapshots: () => SnapshotStatus;
  // At a clean stop (the runner stopped): snapshot the state, so the next start folds nothing again.
  flush: () => void;
}>;

export type SqliteFraudDetectorOptions = Readonly<{ rules?: FraudRules; snapshotPolicy?: SnapshotPolicy; nowMs?: () => number }>;

// Restores the snapshot and moves a checkpoint that ran ahead of it back to it (writable only).
const reconcile = (persistence: ProjectionPersistence<Database>, snapshotter: DetectorSnapshotter): DetectorState => {
  const checkpoint = persistence.loadCheckpoint(fraudDetectorProjectionName);
  // A snapshot past the checkpoint (from another file's history) is discarded: start from zero.
  const state = snapshotter.restore(checkpoint);
  if (state.checkpoint < checkpoint) {
    persistence.transaction((tx) => persistence.saveCheckpoint(tx, fraudDetectorProjectionName, state.checkpoint));
  }
  return state;
};

export const createSqliteFraudDetector = (
  database: Database, persistence: ProjectionPersistence<Database>, options: SqliteFraudDetectorOptions = {},
): SqliteFraudDetector => {
  const rules = options.rules ?? defaultFraudRules;
  const journal = createSqliteAlertJournal(database);
  const snapshots = createSqliteDetectorSnapshots(database);
  const snapshotter = createDetectorSnapshotter({
    snapshots, rules, ...(options.snapshotPolicy === undefined ? {} : { policy: options.snapshotPolicy }),
    ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
  });
  const step = processBatch(rules);
  // The API's read-only connection only reads the journal: it neither restores nor folds.
  let state = database.readonly ? initialDetectorState() : reconcile(persistence, snapshotter);
  // Bulk: no snapshot before the pass ends (its checkpoint stays zero until then).
  let inBulk = false;

  const applyBatch = (_tx: Database, events: ReadonlyArray<StoredEvent>): void => {
    const first = events[0];
    // Events at or before the state held here: another process on the file reset the projection
    // (a `projections rebuild` beside the server) and this runner follows its checkpoint back.
    // The state must go back with it: from zero when reset, else it cannot know, and fails loudly.
    if (first !== undefined && first.position <= state.checkpoint) {
      if (persistence.loadCheckpoint(fraudDetectorProjectionName) !== 0n) {
        throw new Error(`fraud detector: its checkpoint moved back behind its state (${state.checkpoint}); restart the read side`);
      }
      state = initialDetectorState();
    }
    const detection = step(state, events);
    journal.insert(detection.alerts);
    if (!inBulk) snapshotter.saveIfDue(detection.state);
    state = detection.state;
  };
  const reset = (): void => {
    journal.clear();
    snapshots.clear();
    state = initialDetectorState();
  };

  return {
    projection: {
      name: fraudDetectorProjectionName,
      eventTypes: fraudSourceEventTypes,
      applyBatch,
      reset,
      bulkRebuild: {
        begin: () => {
          inBulk = true;
        },
        applyBatch,
        finish: () => {
          inBulk = false;
          snapshotter.saveNow(state);
        },
      },
    },
    alerts: journal,
    snapshots: snapshotter.status,
    flush: () => {
      if (!database.readonly && database.open) persistence.transaction(() => snapshotter.saveNow(state));
    },
  };
};
