// The stores the scenario and incident tests run against: the memory store and a real SQLite file
// under the OS temp directory (removed afterwards). Fixed clock: recordedAt is deterministic.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import type { Clock } from '../../adapters/event-store/recorded-at.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import { accountStreamId } from '../../domain/events.ts';
import type { AccountId } from '../../domain/ids.ts';
import { fold } from '../../domain/evolve.ts';

export const fixedClock: Clock = { now: () => new Date('2019-07-05T00:00:00.000Z') };

export type OpenedStore = Readonly<{ store: EventStore; dispose: () => Promise<void> }>;

export const storeKinds: ReadonlyArray<readonly [string, () => OpenedStore]> = [
  ['memory', () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    return { store, dispose: () => store.close() };
  }],
  ['sqlite', () => {
    const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-incidents-'));
    const store = openSqliteEventStore({ path: join(directory, 'ledger.db'), clock: fixedClock });
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }],
];

// The aggregate's own fold of one account: the reference the tests check balances against.
export const accountState = async (store: EventStore, accountId: AccountId): Promise<AccountState> => {
  let state = initialState();
  for (;;) {
    const page = await store.readStream(accountStreamId(accountId), { fromRevision: state.version, limit: 1000 });
    state = fold(page.map(toLedgerEvent), state);
    if (page.length < 1000) return state;
  }
};

export const balanceOf = async (store: EventStore, accountId: AccountId): Promise<string> => {
  const state = await accountState(store, accountId);
  if (state.status !== 'open') throw new Error(`account ${accountId} is not open`);
  return state.balance.amount.toFixed();
};
