// The balance index in the event store's SQLite database. Live batches go through the write
// cache of sqlite-balance-writer.ts; runner.rebuild takes the bulk path of sqlite-balance-bulk.ts
// (the same rows, the trie built once at the end), reading the events table itself when the store
// is the SQLite store of this same database. Queries read the tables directly, never a cache.
import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { Projection } from '../runner/projection.ts';
import { balanceEventTypes } from './bitemporal-balance.ts';
import {
  type BalanceIndexParameters, type BalanceReader, applyBalanceEvents, balanceIndexParametersDefault, balancesOf, indexedSums,
} from './balance-index.ts';
import { sourcePageRowsMaxDefault, sqliteBalanceBulkRebuild } from './sqlite-balance-bulk.ts';
import { balanceTables, createBalanceSchema, prepareBalanceStatements } from './sqlite-balance-statements.ts';
import { batchWriter, indexedAccountOf, tableStorage } from './sqlite-balance-writer.ts';

export type SqliteBalanceIndex = BalanceReader & Readonly<{ projection: Projection<Database> }>;

// bulkPageRowsMax: rows per SELECT when a rebuild reads the store's events table itself (tests
// make it small to cross page boundaries).
export const createSqliteBalanceIndex = (
  database: Database, parameters: BalanceIndexParameters = balanceIndexParametersDefault, name = 'balance',
  bulkPageRowsMax = sourcePageRowsMaxDefault,
): SqliteBalanceIndex => {
  const statements = prepareBalanceStatements(database);
  const stored = statements.parameters.get();
  if (stored === undefined && database.readonly) throw new Error('balance index: the read file holds no index yet (its runner creates it)');
  if (stored === undefined) statements.saveParameters.run(parameters.leafPointsMax, parameters.chunkPointsMax);
  else if (Number(stored.leaf_points_max) !== parameters.leafPointsMax || Number(stored.chunk_points_max) !== parameters.chunkPointsMax) {
    throw new Error('balance index: the database was built with other parameters; rebuild it with the same ones');
  }
  const reset = (): void => {
    for (const table of balanceTables) database.exec(`DELETE FROM ${table}`);
    createBalanceSchema(database); // the index a bulk rebuild drops
  };
  return {
    projection: {
      name,
      eventTypes: balanceEventTypes,
      applyBatch: (_tx: Database, events: ReadonlyArray<StoredEvent>) => {
        // A bulk rebuild that never finished (the checkpoint is still zero): start again from zero.
        if (statements.bulkUnderWay.get() !== undefined) reset();
        const writer = batchWriter(statements);
        applyBalanceEvents(writer, events, parameters);
        writer.flush();
      },
      reset,
      bulkRebuild: sqliteBalanceBulkRebuild(database, statements, parameters, name, bulkPageRowsMax),
    },
    balanceAt: (accountId, query) => {
      const row = statements.account.get(accountId);
      if (row === undefined) return undefined;
      const account = indexedAccountOf(row);
      const sums = indexedSums(tableStorage(statements, row.account_key), account, query, parameters);
      return { accountId, currency: account.currency, ...query, ...balancesOf(sums, account.currency) };
    },
  };
};
