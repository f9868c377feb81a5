// The projections the server keeps (the bitemporal balance index, the reimbursements, which
// accounts' hash chains verify, the fraud detector with its alert journal, and the holds view),
// built in
// one place for the server (adapters/app/read-side.ts) and for the operator's CLI
// (adapters/cli/projections-command.ts), so both always agree on the list, the names and the
// constructors: persisted in the SQLite store's own file, or in memory for any other store (there
// they are rebuilt from the store at every start).
import type { Database } from 'better-sqlite3';
import type { BalanceReader } from '../../projections/balance/balance-index.ts';
import { createMemoryBalanceIndex } from '../../projections/balance/memory-balance-index.ts';
import { createSqliteBalanceIndex } from '../../projections/balance/sqlite-balance-index.ts';
import { createMemoryReimbursements } from '../../projections/reimbursements/reimbursements-projection.ts';
import { type ReimbursementsReader, reimbursementsProjectionName } from '../../projections/reimbursements/reimbursements-projection.ts';
import { createSqliteReimbursements } from '../../projections/reimbursements/sqlite-reimbursements-projection.ts';
import { type MemoryTransaction, createMemoryProjectionPersistence } from '../../projections/runner/memory-projection-persistence.ts';
import type { Projection, ProjectionPersistence } from '../../projections/runner/projection.ts';
import { type ChainReader, chainVerificationProjectionName } from '../../projections/chain/chain-verification.ts';
import { createMemoryChainVerification } from '../../projections/chain/memory-chain-verification.ts';
import { createSqliteChainVerification } from '../../projections/chain/sqlite-chain-verification.ts';
import { createSqliteProjectionPersistence } from '../../projections/runner/sqlite-projection-persistence.ts';
import { type AlertsReader, fraudDetectorProjectionName } from '../../projections/fraud/fraud-detector-projection.ts';
import { createMemoryFraudDetector } from '../../projections/fraud/memory-fraud-detector.ts';
import { createSqliteFraudDetector } from '../../projections/fraud/sqlite-fraud-detector.ts';
import type { SnapshotStatus } from '../../projections/fraud/detector-snapshotter.ts';
import { type HoldsReader, createOpenHoldsView, openHoldsProjectionName } from '../../projections/holds/open-holds.ts';
import { createSqliteOpenHolds } from '../../projections/holds/sqlite-open-holds.ts';

export const balanceProjectionName = 'balance';

// Known without building anything (building writes: schemas, parameters), for read-only callers.
export const ledgerProjectionNames: ReadonlyArray<string> = [
  balanceProjectionName, reimbursementsProjectionName, chainVerificationProjectionName, fraudDetectorProjectionName, openHoldsProjectionName,
];

export type LedgerProjections<Tx> = Readonly<{
  balance: BalanceReader;
  reimbursements: ReimbursementsReader;
  // Which accounts' chains verify: the Ledger-Chain-Verified header of account reads.
  chains: ChainReader;
  alerts: AlertsReader;
  holds: HoldsReader;
  // The fraud detector's snapshots (SQLite only), and its snapshot at a clean stop.
  fraudSnapshots: () => SnapshotStatus | undefined;
  flush: () => void;
  persistence: ProjectionPersistence<Tx>;
  projections: ReadonlyArray<Projection<Tx>>;
}>;

// The static list above and what the constructors build must never drift apart.
const assertNames = <Tx>(built: LedgerProjections<Tx>): LedgerProjections<Tx> => {
  const names = built.projections.map((projection) => projection.name);
  if (names.join('\n') !== ledgerProjectionNames.join('\n')) {
    throw new Error(`ledger projections: built ${names.join(', ')}, but ledgerProjectionNames lists ${ledgerProjectionNames.join(', ')}`);
  }
  return built;
};

// In the store's own database: projection writes and checkpoints commit in one transaction.
export const sqliteLedgerProjections = (database: Database): LedgerProjections<Database> => {
  const balance = createSqliteBalanceIndex(database, undefined, balanceProjectionName);
  const reimbursements = createSqliteReimbursements(database);
  const chains = createSqliteChainVerification(database);
  const persistence = createSqliteProjectionPersistence(database);
  const fraud = createSqliteFraudDetector(database, persistence);
  const holds = createSqliteOpenHolds(database);
  return assertNames({
    balance, reimbursements, chains, alerts: fraud.alerts, holds, fraudSnapshots: fraud.snapshots, flush: fraud.flush, persistence,
    projections: [balance.projection, reimbursements.projection, chains.projection, fraud.projection, holds.projection],
  });
};

export const memoryLedgerProjections = (): LedgerProjections<MemoryTransaction> => {
  const balance = createMemoryBalanceIndex(balanceProjectionName);
  const reimbursements = createMemoryReimbursements();
  const chains = createMemoryChainVerification();
  const persistence = createMemoryProjectionPersistence();
  const fraud = createMemoryFraudDetector();
  const holds = createOpenHoldsView();
  return assertNames({
    balance, reimbursements, chains, alerts: fraud.alerts, holds, fraudSnapshots: () => undefined, flush: () => undefined, persistence,
    projections: [balance.projection, reimbursements.projection, chains.projection, fraud.projection, holds.projection],
  });
};
