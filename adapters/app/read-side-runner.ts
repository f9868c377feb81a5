// The read side's runner, one composition for its three homes (the server's worker thread, the
// server's own event loop when inline, and `wallet-ledger project`): its own connection to the
// event store (read-only for SQLite), the read file (checked, adopted by this ledger), the ledger
// projections on it, and the projection runner over them.
import type { Database } from 'better-sqlite3';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { offThreadTransactionMsTarget } from '../../projections/runner/bulk-rebuild.ts';
import { type ProjectionRunner, type ProjectionStatus, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { adoptLedger, recordPendingIdentity } from '../../projections/sqlite/read-store-identity.ts';
import { type ReadStoreLog, openReadStoreFile } from '../../projections/sqlite/read-store-file.ts';
import type { WakeSource } from '../event-store/catch-up-subscription.ts';
import { type StoreLocation, openStoreAt } from '../event-store/open-event-store.ts';
import { openSqliteEventStore } from '../event-store/sqlite-event-store.ts';
import { type LedgerProjections, sqliteLedgerProjections } from './projections-setup.ts';

export type ReadSideRunnerOptions = Readonly<{
  readPath: string;
  log: ReadStoreLog;
  onProgress?: (status: ProjectionStatus) => void;
  // Off the server's event loop (its worker, the `project` process): longer bulk transactions.
  offServerLoop?: boolean;
}>;

export type RunningReadSide = Readonly<{
  database: Database;
  built: LedgerProjections<Database>;
  runner: ProjectionRunner;
  stop: () => Promise<void>;
}>;

// The runner's own connection: never the writer's, so that a batch never shares its transaction.
export const openRunnerStore = (location: Exclude<StoreLocation, { kind: 'memory' }>, wakeSource?: WakeSource): EventStore => {
  switch (location.kind) {
    case 'sqlite':
      return openSqliteEventStore({ path: location.path, readOnly: true, ...(wakeSource === undefined ? {} : { wakeSource }) });
    case 'eventstoredb':
      return openStoreAt(location).store;
  }
};

// store: the runner's (it is not closed here: its opener closes it).
export const startReadSideRunner = async (store: EventStore, options: ReadSideRunnerOptions): Promise<RunningReadSide> => {
  const database = openReadStoreFile(options.readPath, options.log);
  try {
    let identityPending = await adoptLedger(database, store, options.readPath, options.log);
    const built = sqliteLedgerProjections(database);
    const onProgress = (status: ProjectionStatus): void => {
      options.onProgress?.(status);
      // A file started on an empty store learns its ledger once the first event is applied.
      if (identityPending && status.checkpoint > 0n) {
        identityPending = false;
        void recordPendingIdentity(database, store).then((pending) => { identityPending = pending; }, () => { identityPending = true; });
      }
    };
    const runner = createProjectionRunner({
      store, persistence: built.persistence, projections: built.projections, onProgress,
      onFailure: (name, error) => options.log(`projection ${name} failed: ${error.stack ?? error.message}`),
      onResume: (name, error, delayMs) => options.log(`projection ${name}: the store failed (${error.message}); resuming in ${delayMs} ms`),
      ...(options.offServerLoop === true ? { bulkTransactionMsTarget: offThreadTransactionMsTarget } : {}),
    });
    runner.start();
    return {
      database, built, runner,
      stop: async () => {
        await runner.stop();
        built.flush();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
};
