// Bulk rebuild of the SQLite balance index from zero (runner.rebuild, see BulkRebuild in
// projection.ts and bulk-rebuild.ts): the same rows as the incremental
// build, written faster.
// - begin: marks the rebuild under way and drops the points' by-occurredAt index;
// - the events: when the store is the SQLite store of this same database, sourceFor gives the
//   runner a source that reads the events table itself, page by page (sqlite-balance-rows.ts);
//   any other store feeds applyBatch with StoredEvents. Either way sqlite-balance-bulk-writer.ts
//   writes points (numbered in arrival order), charges and accounts exactly as the incremental
//   path does, but no trie walk and no chunk sealing per point;
// - finishStep, in transactions of their own (the checkpoint still zero): creates the index again
//   (one sort instead of a B-tree insert per point), then per account seals every full chunk with
//   two INSERT ... SELECTs each (a chunk's rows depend only on its points: seqs [k * C, (k + 1) * C))
//   and builds its trie once from its points read in occurredAt order (occurred-trie-from-sorted.ts),
//   as many accounts per step as the runner's time budget allows (an account is never split);
// - finish, in the transaction that moves the checkpoint: any step not yet run, then clears the mark.
// Interrupted (crash, error), the mark stays with the checkpoint at zero: the next live batch
// (applyBatch of sqlite-balance-index.ts) empties the tables and starts again from zero.
// Memory: one batch of events (the port) or one page of rows (the source) and the batch's accounts,
// then per account one page of millisecondPageSizeMax rows plus O(rootLevel) open trie nodes
// (finish), whatever the history's size.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { BulkRebuildOvertakenError } from '../runner/bulk-rebuild.ts';
import type { BulkRebuild, BulkSource } from '../runner/projection.ts';
import type { BalanceIndexParameters } from './balance-index.ts';
import { type MillisecondSums, trieFromSorted } from './occurred-trie-from-sorted.ts';
import {
  type BalanceStatements, createBalanceSchema, pointsByOccurredIndex, prepareBulkInserts,
} from './sqlite-balance-statements.ts';
import { bulkRowWriter } from './sqlite-balance-bulk-writer.ts';
import { assertJson, fieldsOfJsonArray, prepareEventsTableRows, storedEventFields, eventsDatabaseOf } from './sqlite-balance-rows.ts';

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

// One account's full chunks and its trie.
const finishAccount = (statements: BalanceStatements, key: bigint, parameters: BalanceIndexParameters): void => {
  sealFullChunks(statements, key, parameters.chunkPointsMax);
  trieFromSorted(millisecondsOf(statements, key), parameters.leafPointsMax, (node) =>
    void statements.saveNode.run(key, node.level, node.index, node.sums.count, node.sums.ledger, node.sums.corrected));
};

// How far the finish of a pass has got: the points' index created, then accounts in key order.
type FinishProgress = { indexed: boolean; afterAccount: bigint };

// One step of the finish: the index (one statement), else accounts until shouldYield, each whole.
const finishStep = (
  database: Database, statements: BalanceStatements, parameters: BalanceIndexParameters, progress: FinishProgress, shouldYield: () => boolean,
): 'more' | 'done' => {
  if (!progress.indexed) {
    createBalanceSchema(database);
    progress.indexed = true;
    return 'more';
  }
  for (;;) {
    const keys = statements.accountKeysAfter.all(progress.afterAccount, accountPageSizeMax);
    for (const key of keys) {
      finishAccount(statements, key, parameters);
      progress.afterAccount = key;
      if (shouldYield()) return 'more';
    }
    if (keys.length < accountPageSizeMax) return 'done';
  }
};

// Balance rows read from the events table per SELECT, at most.
export const sourcePageRowsMaxDefault = 4_096;

export const sqliteBalanceBulkRebuild = (
  database: Database, statements: BalanceStatements, parameters: BalanceIndexParameters, name: string,
  sourcePageRowsMax = sourcePageRowsMaxDefault,
): BulkRebuild<Database> => {
  const inserts = prepareBulkInserts(database);
  // This pass's id, claimed at begin: the rows are this pass's only while the id is still there.
  let pass: string | undefined;
  let progress: FinishProgress = { indexed: false, afterAccount: 0n };
  const assertUnderWay = (): void => {
    if (statements.bulkUnderWay.get() === undefined) {
      throw new BulkRebuildOvertakenError(name, 'a live batch started the index again from zero during the pass');
    }
    if (pass === undefined || statements.bulkPass.get() !== pass) {
      throw new BulkRebuildOvertakenError(name, 'another bulk rebuild of the index started during this one');
    }
  };
  // A SQLite store (this very database, or the store's file beside a read file): read its events
  // table directly (sqlite-balance-rows.ts). Positions at or before `through` never change, so
  // reading them over another connection than the one writing the index is safe.
  const eventsTableSource = (eventsDatabase: Database): BulkSource<Database> => {
    const rows = prepareEventsTableRows(eventsDatabase);
    return (_tx, after, through, eventsMax) => {
      if (eventsMax < 1) throw new RangeError('balance index: a bulk source call must read at least one event');
      assertUnderWay();
      const writer = bulkRowWriter(statements, inserts, rows.describe);
      const end = Number(through);
      let last = Number(after);
      for (let read = 0; read < eventsMax;) {
        const limit = Math.min(sourcePageRowsMax, eventsMax - read);
        const page = rows.page(last, end, limit);
        for (const [position, type, recordedAt, fields, valid] of page) {
          assertJson(position, valid);
          writer.apply(position, type, recordedAt, fieldsOfJsonArray(fields));
        }
        // A short page: no balance row is left up to `through` (other types advance it too).
        if (page.length < limit) {
          last = end;
          break;
        }
        last = page[page.length - 1]?.[0] ?? end;
        read += page.length;
      }
      writer.flush();
      return BigInt(last);
    };
  };
  return {
    begin: () => {
      pass = randomUUID();
      progress = { indexed: false, afterAccount: 0n };
      statements.markBulk.run();
      statements.claimBulkPass.run(pass);
      database.exec(`DROP INDEX IF EXISTS ${pointsByOccurredIndex}`);
    },
    applyBatch: (_tx, events) => {
      assertUnderWay();
      const describe = (position: number): string => {
        const event = events.find((candidate) => Number(candidate.position) === position);
        return event === undefined ? `at position ${position}` : `${event.streamId}@${event.revision} (position ${position})`;
      };
      const writer = bulkRowWriter(statements, inserts, describe);
      for (const event of events) writer.apply(Number(event.position), event.type, event.recordedAt, storedEventFields(event));
      writer.flush();
    },
    // Split by the runner into transactions of their own (the checkpoint still zero, readers still
    // waiting), so that a ledger of many accounts does not stall the event loop for seconds.
    finishStep: (_tx, shouldYield) => {
      assertUnderWay();
      return finishStep(database, statements, parameters, progress, shouldYield);
    },
    finish: () => {
      assertUnderWay();
      // Whatever steps the caller did not run (all of them, for a caller without finishStep).
      while (finishStep(database, statements, parameters, progress, () => false) === 'more');
      statements.unmarkBulk.run();
      statements.releaseBulkPass.run();
      pass = undefined;
    },
    sourceFor: (store) => {
      const eventsDatabase = eventsDatabaseOf(store);
      return eventsDatabase === undefined ? undefined : eventsTableSource(eventsDatabase);
    },
  };
};
