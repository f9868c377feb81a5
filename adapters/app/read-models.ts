// Where the API's read models come from, per LEDGER_READ_SIDE (read-side-config.ts):
// - memory store: in memory, the runner on this event loop (nothing else can read that store);
// - inline: the read file, the runner on this event loop, over the server's own connection;
// - worker: the runner in a worker thread (read-side-host.ts); the API reads the file over its own
//   read-only connection, and waits on the worker's progress messages;
// - external: the runner is `wallet-ledger project`; the API reads the file read-only and polls
//   its checkpoints.
import type { Database } from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import type { BalanceReader } from '../../projections/balance/balance-index.ts';
import type { ChainReader } from '../../projections/chain/chain-verification.ts';
import type { AlertsReader } from '../../projections/fraud/fraud-detector-projection.ts';
import type { HoldsReader } from '../../projections/holds/open-holds.ts';
import type { ReimbursementsReader } from '../../projections/reimbursements/reimbursements-projection.ts';
import { type ProjectionStatus, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import type { WaitOutcome } from '../../projections/runner/waiters.ts';
import { openReadStoreReadOnly } from '../../projections/sqlite/read-store-file.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { ledgerProjectionNames, memoryLedgerProjections, sqliteLedgerProjections } from './projections-setup.ts';
import { type ReadProgress, createReadProgress } from './read-progress.ts';
import type { ReadSideConfig } from './read-side-config.ts';
import { startReadSideHost } from './read-side-host.ts';
import { startReadSideRunner } from './read-side-runner.ts';
import { watchCheckpoints } from './checkpoint-watch.ts';

export type ReadModels = Readonly<{
  balance: () => BalanceReader;
  reimbursements: () => ReimbursementsReader;
  chains: () => ChainReader;
  alerts: () => AlertsReader;
  holds: () => HoldsReader;
  waitFor: (name: string, position: GlobalPosition, timeoutMs: number) => Promise<WaitOutcome>;
  statuses: () => ReadonlyArray<ProjectionStatus>;
  // Tell the runner something was appended (a worker wakes sooner than its poll).
  appended: () => void;
  // The read side's worker, when there is one (tests kill it).
  worker: () => Worker | undefined;
  stop: () => Promise<void>;
}>;

const noWorker = (): undefined => undefined;
const noop = (): void => undefined;

type Readers = Readonly<{
  database: Database; balance: BalanceReader; reimbursements: ReimbursementsReader; chains: ChainReader; alerts: AlertsReader; holds: HoldsReader;
}>;

const openReaders = (readPath: string): Readers => {
  const database = openReadStoreReadOnly(readPath);
  try {
    const built = sqliteLedgerProjections(database);
    return { database, balance: built.balance, reimbursements: built.reimbursements, chains: built.chains, alerts: built.alerts, holds: built.holds };
  } catch (error) {
    database.close();
    throw error;
  }
};

const onThisLoop = (opened: OpenedStore): ReadModels => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store: opened.store, persistence: built.persistence, projections: built.projections });
  runner.start();
  return {
    balance: () => built.balance, reimbursements: () => built.reimbursements, chains: () => built.chains, alerts: () => built.alerts, holds: () => built.holds,
    waitFor: runner.waitFor, statuses: runner.statuses,
    appended: noop, worker: noWorker, stop: runner.stop,
  };
};

const inline = async (store: EventStore, readPath: string, log: (line: string) => void): Promise<ReadModels> => {
  const running = await startReadSideRunner(store, { readPath, log });
  return {
    balance: () => running.built.balance, reimbursements: () => running.built.reimbursements, chains: () => running.built.chains,
    alerts: () => running.built.alerts, holds: () => running.built.holds,
    waitFor: running.runner.waitFor, statuses: running.runner.statuses, appended: noop, worker: noWorker, stop: running.stop,
  };
};

const fromFile = (progress: ReadProgress, readers: () => Readers, extra: Pick<ReadModels, 'appended' | 'worker' | 'stop'>): ReadModels => ({
  balance: () => readers().balance, reimbursements: () => readers().reimbursements, chains: () => readers().chains,
  alerts: () => readers().alerts, holds: () => readers().holds,
  waitFor: progress.waitFor, statuses: progress.statuses, ...extra,
});

const inWorker = async (opened: Exclude<OpenedStore, { kind: 'memory' }>, readPath: string, log: (line: string) => void): Promise<ReadModels> => {
  const progress = createReadProgress(ledgerProjectionNames);
  const location = opened.kind === 'sqlite'
    ? { kind: 'sqlite' as const, path: opened.path }
    : { kind: 'eventstoredb' as const, connectionString: opened.connectionString };
  const host = startReadSideHost({ location, readPath }, progress, log);
  try {
    await host.firstOpened;
  } catch (error) {
    await host.stop();
    throw error;
  }
  let readers = openReaders(readPath);
  // A new worker may have rebuilt the file (deleted and created again): read the new one.
  host.onOpened(() => {
    const previous = readers;
    readers = openReaders(readPath);
    previous.database.close();
  });
  return fromFile(progress, () => readers, {
    appended: host.appended, worker: host.worker,
    stop: async () => {
      await host.stop();
      readers.database.close();
    },
  });
};

const external = async (readPath: string): Promise<ReadModels> => {
  const progress = createReadProgress(ledgerProjectionNames);
  const watch = await watchCheckpoints(readPath, ledgerProjectionNames, progress);
  const readers = openReaders(readPath);
  return fromFile(progress, () => readers, {
    appended: noop, worker: noWorker,
    stop: async () => {
      watch.stop();
      progress.stop();
      readers.database.close();
    },
  });
};

export const openReadModels = async (opened: OpenedStore, config: ReadSideConfig, log: (line: string) => void): Promise<ReadModels> => {
  if (opened.kind === 'memory' || config.readPath === undefined) return onThisLoop(opened);
  switch (config.mode) {
    case 'inline':
      return inline(opened.store, config.readPath, log);
    case 'worker':
      return inWorker(opened, config.readPath, log);
    case 'external':
      return external(config.readPath);
  }
};
