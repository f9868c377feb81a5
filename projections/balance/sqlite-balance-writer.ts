// The SQLite balance index's write side for one transaction. Trie nodes and account rows are
// cached and written once at the end (flush): appends in occurredAt order share one root-to-leaf
// path, so a batch of 1,000 points writes ~50 node rows, not 50,000. Points, charges and sealed
// chunks are written as they come (later reads in the same transaction see them).
import type { AccountId } from '../../domain/ids.ts';
import { CurrencyCodec } from '../../domain/money.ts';
import type { AccountIndexStorage, BalanceIndexWriter, IndexedAccount } from './balance-index.ts';
import type { Sums } from './balance-points.ts';
import { rootLevel } from './occurred-trie.ts';
import { type AccountRow, type BalanceStatements, chunkOfRow, pointOfRow, sumsOfRow } from './sqlite-balance-statements.ts';

export const tableStorage = (statements: BalanceStatements, key: bigint): AccountIndexStorage => {
  const sumsOrUndefined = (row: Parameters<typeof sumsOfRow>[0] | undefined): Sums | undefined => (row === undefined ? undefined : sumsOfRow(row));
  return {
    node: (level, index) => sumsOrUndefined(statements.node.get(key, level, index)),
    setNode: (level, index, sums) => void statements.saveNode.run(key, level, index, sums.count, sums.ledger, sums.corrected),
    sumOccurred: (fromMs, toMs) => sumsOfRow(statements.sumOccurred.get(key, fromMs, toMs) ?? { count: 0n, ledger: 0n, corrected: 0n }),
    storePoint: (seq, point) =>
      void statements.insertPoint.run(key, seq, point.occurredMs, point.recordedMs, point.ledger, point.corrected),
    pointsInSeqRange: (fromSeq, toSeq) => statements.pointsInSeqRange.all(key, fromSeq, toSeq).map(pointOfRow),
    sealedChunks: () => statements.chunks.all(key).map(chunkOfRow),
    runningSumsAt: (chunk, asOfMs) => sumsOrUndefined(statements.runningAt.get(key, chunk, asOfMs)),
    sealChunk: (range, running) => {
      statements.insertChunk.run(key, range.chunk, range.minRecordedMs, range.maxRecordedMs);
      for (const entry of running) {
        statements.insertRunning.run(key, range.chunk, entry.occurredMs, entry.sums.count, entry.sums.ledger, entry.sums.corrected);
      }
    },
  };
};

export const indexedAccountOf = (row: AccountRow): IndexedAccount => {
  const currency = CurrencyCodec.decode(row.currency);
  if (currency._tag === 'Left') throw new Error(`balance index: stored currency ${row.currency} is not one the ledger knows`);
  return { currency: currency.right, pointCount: Number(row.point_count), maxRecordedMs: Number(row.max_recorded_ms) };
};

// Trie nodes written in this batch, one map per level (index -> sums).
type CachedAccount = {
  readonly key: bigint; meta: IndexedAccount; readonly nodes: ReadonlyArray<Map<number, Sums>>; storage?: AccountIndexStorage;
};
const emptyLevels = (): ReadonlyArray<Map<number, Sums>> => Array.from({ length: rootLevel + 1 }, () => new Map<number, Sums>());

// One batch's writer: caches what it writes at the end (flush), inside the runner's transaction.
export const batchWriter = (statements: BalanceStatements): BalanceIndexWriter & { flush: () => void } => {
  const cached = new Map<AccountId, CachedAccount | undefined>();
  const load = (accountId: AccountId): CachedAccount | undefined => {
    if (cached.has(accountId)) return cached.get(accountId);
    const row = statements.account.get(accountId);
    const account = row === undefined ? undefined : { key: row.account_key, meta: indexedAccountOf(row), nodes: emptyLevels() };
    cached.set(accountId, account);
    return account;
  };
  const required = (accountId: AccountId): CachedAccount => {
    const account = load(accountId);
    if (account === undefined) throw new Error(`balance index: account ${accountId} not opened`);
    return account;
  };
  return {
    account: (accountId) => load(accountId)?.meta,
    saveAccount: (accountId, meta) => {
      const account = load(accountId);
      if (account !== undefined) {
        account.meta = meta;
        return;
      }
      const key = BigInt(statements.insertAccount.run(accountId, meta.currency).lastInsertRowid);
      cached.set(accountId, { key, meta, nodes: emptyLevels() });
    },
    charge: (accountId, chargeId) => {
      const row = statements.charge.get(required(accountId).key, chargeId);
      return row === undefined
        ? undefined
        : { occurredMs: Number(row.occurred_ms), recordedMs: Number(row.recorded_ms), amountMinor: row.amount_minor };
    },
    saveCharge: (accountId, chargeId, memo) =>
      void statements.insertCharge.run(required(accountId).key, chargeId, memo.occurredMs, memo.recordedMs, memo.amountMinor),
    storage: (accountId) => {
      const account = required(accountId);
      // Built once per account and batch: it was rebuilt for every event (closures, spreads).
      if (account.storage !== undefined) return account.storage;
      const tables = tableStorage(statements, account.key);
      account.storage = {
        ...tables,
        node: (level, index) => account.nodes[level]?.get(index) ?? tables.node(level, index),
        setNode: (level, index, sums) => void account.nodes[level]?.set(index, sums),
      };
      return account.storage;
    },
    flush: () => {
      for (const account of cached.values()) {
        if (account === undefined) continue;
        statements.updateAccount.run(account.meta.pointCount, account.meta.maxRecordedMs, account.key);
        account.nodes.forEach((nodes, level) => {
          for (const [index, sums] of nodes) statements.saveNode.run(account.key, level, index, sums.count, sums.ledger, sums.corrected);
        });
      }
    },
  };
};
