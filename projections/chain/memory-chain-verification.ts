// The chain-verification projection (chain-verification.ts) in memory, for the memory and
// EventStoreDB stores: rebuilt from the store at every start, like their other projections.
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import type { Projection } from '../runner/projection.ts';
import { type ChainHead, type ChainReader, accountEventTypes, accountOf, chainStep, chainVerificationProjectionName } from './chain-verification.ts';

export type MemoryChainVerification = ChainReader & Readonly<{ projection: Projection<MemoryTransaction> }>;

export const createMemoryChainVerification = (): MemoryChainVerification => {
  let heads = new Map<string, ChainHead>();
  return {
    chainOf: (accountId) => heads.get(accountId),
    projection: {
      name: chainVerificationProjectionName,
      eventTypes: accountEventTypes,
      applyBatch: (tx, events) => {
        const before = new Map(heads);
        tx.onRollback(() => {
          heads = before;
        });
        for (const event of events) {
          const accountId = accountOf(event);
          if (accountId !== undefined) heads.set(accountId, chainStep(heads.get(accountId), event));
        }
      },
      reset: (tx) => {
        const before = heads;
        tx.onRollback(() => {
          heads = before;
        });
        heads = new Map();
      },
    },
  };
};
