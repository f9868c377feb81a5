// The fraud alerts as the CLI reaches them: the server's own journal. The detector is the same
// projection (projections/fraud/) under the same runner, writing the same read file (beside the
// store, or --read-store / LEDGER_READ_STORE), so the CLI and the server never keep two journals:
// beside a live server, the runner re-reads the checkpoint under the file's write lock and no event
// is folded twice. A memory store has no file: its detector runs in memory for the one command.
// detect false only reads what the journal holds (a file not built yet holds nothing).
import { existsSync } from 'node:fs';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { StoreLocation } from '../event-store/open-event-store.ts';
import { type AlertsReader, fraudDetectorProjectionName } from '../../projections/fraud/fraud-detector-projection.ts';
import { createMemoryFraudDetector } from '../../projections/fraud/memory-fraud-detector.ts';
import { createSqliteAlertJournal } from '../../projections/fraud/sqlite-alert-journal.ts';
import { createSqliteFraudDetector } from '../../projections/fraud/sqlite-fraud-detector.ts';
import { createMemoryProjectionPersistence } from '../../projections/runner/memory-projection-persistence.ts';
import type { Projection, ProjectionPersistence } from '../../projections/runner/projection.ts';
import { createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../projections/runner/sqlite-projection-persistence.ts';
import { openReadStoreReadOnly } from '../../projections/sqlite/read-store-file.ts';
import { failed } from './cli-failure.ts';
import { readPathFor, withReadFile } from './cli-read-file.ts';

// How long the detector may take to catch up with the store before the command gives up.
export const detectTimeoutMs = 3_600_000;

const noAlerts: AlertsReader = { since: () => [], after: () => [] };

// Runs the detector up to the store's head as it is now.
const catchUp = async <Tx>(store: EventStore, persistence: ProjectionPersistence<Tx>, projection: Projection<Tx>): Promise<void> => {
  const runner = createProjectionRunner({ store, persistence, projections: [projection], onFailure: () => undefined });
  const head = await store.headPosition();
  runner.start();
  try {
    const outcome = await runner.waitFor(fraudDetectorProjectionName, head, detectTimeoutMs);
    if (outcome.kind !== 'caught_up') {
      throw failed(`the fraud detector did not catch up with the store: ${outcome.kind === 'failed' ? outcome.error : outcome.kind}`);
    }
  } finally {
    await runner.stop();
  }
};

const readOnly = async <T>(readPath: string, work: (alerts: AlertsReader) => T): Promise<T> => {
  if (!existsSync(readPath)) return work(noAlerts);
  const database = openReadStoreReadOnly(readPath);
  try {
    return work(createSqliteAlertJournal(database));
  } finally {
    database.close();
  }
};

export const withFraudJournal = async <T>(
  store: EventStore,
  location: StoreLocation,
  // log: the read file's checks (stderr by default; the demo, whose file is always new, is quiet).
  options: Readonly<{ readStore?: string; detect: boolean; log?: (line: string) => void }>,
  work: (alerts: AlertsReader) => T,
): Promise<T> => {
  const readPath = readPathFor(location, options.readStore);
  if (readPath === undefined) {
    const detector = createMemoryFraudDetector();
    await catchUp(store, createMemoryProjectionPersistence(), detector.projection);
    return work(detector.alerts);
  }
  if (!options.detect) return readOnly(readPath, work);
  return withReadFile(store, readPath, async (database) => {
    const persistence = createSqliteProjectionPersistence(database);
    const detector = createSqliteFraudDetector(database, persistence);
    await catchUp(store, persistence, detector.projection);
    // A clean stop: the snapshot lets the next run (or the server) fold nothing again.
    detector.flush();
    return work(detector.alerts);
  }, options.log);
};
