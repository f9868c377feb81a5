// The balance index in memory, for the memory store and tests: the same algorithms as SQLite
// (balance-index.ts), with arrays and maps as storage. Points sorted by occurredAt are kept in one
// array, so a late arrival costs a memmove in memory (no persisted rewrite; memory mode only).
// A failed batch marks the index broken (queries throw) until a rebuild resets it.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { AccountId, ChargeId } from '../../domain/ids.ts';
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import type { Projection } from '../runner/projection.ts';
import { balanceEventTypes } from './bitemporal-balance.ts';
import {
  type AccountIndexStorage, type BalanceIndexParameters, type BalanceReader, type IndexedAccount,
  applyBalanceEvents, balanceIndexParametersDefault, balancesOf, indexedSums,
} from './balance-index.ts';
import { type ChargeMemo, type Point, type Sums, addSums, noSums, sumsOf } from './balance-points.ts';
import { type ChunkRange, type RunningSums } from './recorded-chunks.ts';
import { rootLevel } from './occurred-trie.ts';

type MemoryAccount = {
  meta: IndexedAccount;
  readonly points: Point[];
  readonly byOccurred: Point[];
  readonly nodes: ReadonlyArray<Map<number, Sums>>;
  readonly chunks: ChunkRange[];
  readonly running: Array<ReadonlyArray<RunningSums>>;
  readonly charges: Map<ChargeId, ChargeMemo>;
};

// First index whose point occurred at or after fromMs (points sorted by occurredMs).
const lowerBound = (points: ReadonlyArray<Point>, fromMs: number): number => {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((points[middle]?.occurredMs ?? 0) < fromMs) low = middle + 1;
    else high = middle;
  }
  return low;
};

const storageOf = (account: MemoryAccount): AccountIndexStorage => ({
  node: (level, index) => account.nodes[level]?.get(index),
  setNode: (level, index, sums) => void account.nodes[level]?.set(index, sums),
  sumOccurred: (fromMs, toMs) => {
    let sums = noSums;
    for (let at = lowerBound(account.byOccurred, fromMs); at < account.byOccurred.length; at += 1) {
      const point = account.byOccurred[at];
      if (point === undefined || point.occurredMs > toMs) break;
      sums = addSums(sums, sumsOf(point));
    }
    return sums;
  },
  storePoint: (_seq, point) => {
    account.points.push(point);
    account.byOccurred.splice(lowerBound(account.byOccurred, point.occurredMs + 1), 0, point);
  },
  pointsInSeqRange: (fromSeq, toSeq) => account.points.slice(fromSeq, toSeq),
  sealedChunks: () => account.chunks,
  runningSumsAt: (chunk, asOfMs) => {
    const running = account.running[chunk] ?? [];
    let low = 0;
    let high = running.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((running[middle]?.occurredMs ?? 0) <= asOfMs) low = middle + 1;
      else high = middle;
    }
    return running[low - 1]?.sums;
  },
  sealChunk: (range, running) => {
    account.chunks.push(range);
    account.running.push(running);
  },
});

export type MemoryBalanceIndex = BalanceReader & Readonly<{ projection: Projection<MemoryTransaction> }>;

export const createMemoryBalanceIndex = (
  name = 'balance', parameters: BalanceIndexParameters = balanceIndexParametersDefault,
): MemoryBalanceIndex => {
  let accounts = new Map<AccountId, MemoryAccount>();
  let broken: string | undefined;
  const accountOf = (accountId: AccountId): MemoryAccount => {
    const account = accounts.get(accountId);
    if (account === undefined) throw new Error(`balance index: account ${accountId} not opened`);
    return account;
  };

  const applyBatch = (tx: MemoryTransaction, events: ReadonlyArray<StoredEvent>): void => {
    tx.onRollback(() => {
      broken = `a batch ending at position ${events.at(-1)?.position} failed; rebuild the projection`;
    });
    applyBalanceEvents(
      {
        account: (accountId) => accounts.get(accountId)?.meta,
        saveAccount: (accountId, meta) => {
          const account = accounts.get(accountId);
          if (account !== undefined) account.meta = meta;
          else accounts.set(accountId, {
            meta, points: [], byOccurred: [], chunks: [], running: [], charges: new Map(),
            nodes: Array.from({ length: rootLevel + 1 }, () => new Map<number, Sums>()),
          });
        },
        charge: (accountId, chargeId) => accountOf(accountId).charges.get(chargeId),
        saveCharge: (accountId, chargeId, memo) => void accountOf(accountId).charges.set(chargeId, memo),
        storage: (accountId) => storageOf(accountOf(accountId)),
      },
      events,
      parameters,
    );
  };

  return {
    projection: {
      name,
      eventTypes: balanceEventTypes,
      applyBatch,
      reset: () => {
        accounts = new Map();
        broken = undefined;
      },
    },
    balanceAt: (accountId, query) => {
      if (broken !== undefined) throw new Error(`balance index: ${broken}`);
      const account = accounts.get(accountId);
      if (account === undefined) return undefined;
      const sums = indexedSums(storageOf(account), account.meta, query, parameters);
      return { accountId, currency: account.meta.currency, ...query, ...balancesOf(sums, account.meta.currency) };
    },
  };
};
