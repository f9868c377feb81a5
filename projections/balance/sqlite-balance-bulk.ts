// Bulk rebuild of the SQLite balance index from zero (runner.rebuild, see BulkRebuild in
// projection.ts): the same rows as the incremental build, written faster.
// - begin: marks the rebuild under way and drops the points' by-occurredAt index;
// - applyBatch (large batches): points (numbered in arrival order), charges and accounts exactly
//   as the incremental path writes them, but no trie walk and no chunk sealing per point;
// - finish, in the transaction that moves the checkpoint: creates the index again (one sort instead
//   of a B-tree insert per point), then per account seals every full chunk with two INSERT ...
//   SELECTs each (a chunk's rows depend only on its points: seqs [k * C, (k + 1) * C)) and builds
//   its trie once from its points read in occurredAt order (occurred-trie-from-sorted.ts); then
//   clears the mark.
// Interrupted (crash, error), the mark stays with the checkpoint at zero: the next live batch
// (applyBatch of sqlite-balance-index.ts) empties the tables and starts again from zero.
// Memory: one batch of events and its accounts' cache (applyBatch), then per account one page of
// millisecondPageSizeMax rows plus O(rootLevel) open trie nodes (finish), whatever the history's size.
import type { Database } from 'better-sqlite3';
import type { BulkRebuild } from '../runner/projection.ts';
import { type BalanceIndexParameters, applyBalanceEvents } from './balance-index.ts';
import { type MillisecondSums, trieFromSorted } from './occurred-trie-from-sorted.ts';
import { type BalanceStatements, createBalanceSchema, pointsByOccurredIndex } from './sqlite-balance-statements.ts';
import { batchWriter } from './sqlite-balance-writer.ts';

const accountPageSizeMax = 1_000;
const millisecondPageSizeMax = 10_000;

// One account's points grouped per millisecond, in occurredAt order, read one page at a time (a
// generator over arrays, not an open statement: the trie's rows are written between pages).
function* millisecondsOf(statements: BalanceStatements, accountKey: bigint): Generator<MillisecondSums> {
  let after = -1n;
  for (;;) {
    const page = statements.millisecondsAfter.all(accountKey, Number(after), millisecondPageSizeMax);
    for (const [occurredMs, count, ledger, corrected] of page) {
      yield { occurredMs: Number(occurredMs), count: Number(count), ledger, corrected };
      after = occurredMs;
    }
    if (page.length < millisecondPageSizeMax) return;
  }
}

// Every full chunk, as sealIfFull would have sealed it when its last point arrived.
const sealFullChunks = (statements: BalanceStatements, account: bigint, chunkPointsMax: number): void => {
  const fullChunks = Math.floor(Number(statements.pointCount.get(account) ?? 0n) / chunkPointsMax);
  for (let chunk = 0; chunk < fullChunks; chunk += 1) {
    const range = { account, chunk, from: chunk * chunkPointsMax, to: (chunk + 1) * chunkPointsMax };
    statements.sealChunkRunning.run(range);
    statements.sealChunkRange.run(range);
  }
};

// Chunks and trie of every account, one account at a time.
const finishAccounts = (statements: BalanceStatements, parameters: BalanceIndexParameters): void => {
  let after = 0n;
  for (;;) {
    const keys = statements.accountKeysAfter.all(after, accountPageSizeMax);
    for (const key of keys) {
      sealFullChunks(statements, key, parameters.chunkPointsMax);
      trieFromSorted(millisecondsOf(statements, key), parameters.leafPointsMax, (node) =>
        void statements.saveNode.run(key, node.level, node.index, node.sums.count, node.sums.ledger, node.sums.corrected));
      after = key;
    }
    if (keys.length < accountPageSizeMax) return;
  }
};

export const sqliteBalanceBulkRebuild = (
  database: Database, statements: BalanceStatements, parameters: BalanceIndexParameters,
): BulkRebuild<Database> => ({
  begin: () => {
    statements.markBulk.run();
    database.exec(`DROP INDEX IF EXISTS ${pointsByOccurredIndex}`);
  },
  applyBatch: (_tx, events) => {
    if (statements.bulkUnderWay.get() === undefined) {
      throw new Error('balance index: the bulk rebuild was interrupted by a live batch (started again from zero)');
    }
    const writer = batchWriter(statements);
    applyBalanceEvents(writer, events, parameters, 'deferred');
    writer.flush();
  },
  finish: () => {
    createBalanceSchema(database);
    finishAccounts(statements, parameters);
    statements.unmarkBulk.run();
  },
});
