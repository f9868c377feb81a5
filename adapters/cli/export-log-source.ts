// Where `export` finds the log of a store: in the SQLite store's own file, or, on EventStoreDB,
// in the log file of the instance whose read store is LEDGER_READ_STORE (default
// ./data/ledger.read.db): its nodes, its logIndex mapping and its mirror of the checkpoint stream,
// kept current by that instance's server. Run export where a ledger server ran.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { readStoreDefaultEventStoreDb } from '../app/read-side-config.ts';
import type { CheckpointTable } from '../verifiable-log/checkpoint-table.ts';
import { logFileBesideReadStore } from '../verifiable-log/log-file.ts';
import type { NodeTable } from '../verifiable-log/log-nodes.ts';
import { createSqliteLogPositions } from '../verifiable-log/log-positions.ts';
import { createSqliteLogTables } from '../verifiable-log/sqlite-log-tables.ts';
import { readStoreBusyTimeoutMs } from '../../projections/sqlite/read-store-file.ts';
import { failed } from './cli-failure.ts';

export type ExportLogSource = Readonly<{
  nodes: NodeTable;
  checkpoints: CheckpointTable;
  logIndexOf?: (position: bigint) => number | undefined;
  close: () => void;
}>;

export const openExportLogSource = (opened: OpenedStore, env: Readonly<Record<string, string | undefined>>): ExportLogSource => {
  switch (opened.kind) {
    case 'sqlite':
      return { ...createSqliteLogTables(opened.database), close: () => undefined };
    case 'memory':
      throw failed('the verifiable log is kept in SQLite and EventStoreDB stores only');
    case 'eventstoredb': {
      const path = logFileBesideReadStore(env.LEDGER_READ_STORE ?? readStoreDefaultEventStoreDb);
      if (!existsSync(path)) throw failed(`no log file ${path}: run export where a ledger server on this store ran (LEDGER_READ_STORE names its read store)`);
      const database = new Database(path, { fileMustExist: true, timeout: readStoreBusyTimeoutMs });
      const positions = createSqliteLogPositions(database);
      return { ...createSqliteLogTables(database), logIndexOf: positions.logIndexOf, close: () => database.close() };
    }
  }
};
