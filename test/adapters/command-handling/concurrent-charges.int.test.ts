// 200 concurrent charges against one account through the SQLite store: never an overdraft, and
// exactly as many accepted as the balance covers. Then the same through two handler instances on
// one store (two "processes"), whose appends conflict and go through the retry path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandHandler, createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { evolve } from '../../../domain/evolve.ts';
import { isNegative } from '../../../domain/money.ts';
import { type AccountState, initialState } from '../../../domain/state.ts';
import { charge, openAccount, registerDevice, topUp, verifyDevice } from '../../domain/fixtures.ts';
import {
  accepted, balanceOf, countByType, instrumented, readEverything, rejectionCode, steppingClock,
} from './command-handling-support.ts';

const chargesCount = 200;
// 1000 JPY covers exactly 142 charges of 7 JPY (994), leaving 6.
const funds = '1000';
const price = '7';
const affordable = 142;
const leftOver = '6';

let directory = '';
const opened: SqliteEventStore[] = [];
const open = (): SqliteEventStore => {
  const store = openSqliteEventStore({ path: join(directory, 'ledger.db'), clock: steppingClock() });
  opened.push(store);
  return store;
};

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-concurrent-charges-'));
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(directory, { recursive: true, force: true });
});

const fundAccount = async (handle: CommandHandler): Promise<void> => {
  for (const command of [openAccount({ currency: 'JPY' }), registerDevice(), verifyDevice(), topUp('t1', funds)]) {
    accepted(await handle(command));
  }
};

// Folds the stream as stored, asserting the balance after every event (not only at the end).
const replayStream = async (store: EventStore): Promise<AccountState> => {
  let state = initialState();
  for (const stored of await readEverything(store)) {
    state = evolve(state, toLedgerEvent(stored));
    if (state.status === 'open') expect(isNegative(state.balance)).toBe(false);
  }
  return state;
};

const expectExactlyAffordableAccepted = async (
  outcomes: ReadonlyArray<Awaited<ReturnType<CommandHandler>>>,
  store: EventStore,
): Promise<void> => {
  const acceptedOnes = outcomes.filter((outcome) => !isLeft(outcome));
  expect(acceptedOnes).toHaveLength(affordable);
  expect(outcomes.filter(isLeft).map(rejectionCode)).toEqual(Array(chargesCount - affordable).fill('insufficient_funds'));
  expect(countByType(await readEverything(store))).toEqual({
    AccountOpened: 1, DeviceRegistered: 1, DeviceVerified: 1, WalletToppedUp: 1,
    WalletCharged: affordable, ChargeDeclined: chargesCount - affordable,
  });
  expect(balanceOf(await replayStream(store))).toBe(leftOver);
};

describe('200 concurrent charges through the SQLite store', () => {
  it('accept exactly as many as the balance covers, never overdrawing, the rest insufficient_funds', async () => {
    const store = open();
    const handle = createCommandHandler(store);
    await fundAccount(handle);
    const outcomes = await Promise.all(Array.from({ length: chargesCount }, (_, index) => handle(charge(`c${index}`, price))));
    await expectExactlyAffordableAccepted(outcomes, store);

    // What a restarted process sees: the same balance, folded from the file alone.
    await store.close();
    const reopened = open();
    expect(balanceOf(await replayStream(reopened))).toBe(leftOver);
    const fresh = createCommandHandler(reopened);
    expect(rejectionCode(await fresh(charge('c-after', price)))).toBe('insufficient_funds');
    expect(balanceOf(accepted(await fresh(charge('c-last', leftOver))).state)).toBe('0');
  });

  it('through two handler instances on one store: conflicts are retried and the totals are still exact', async () => {
    const store = open();
    await fundAccount(createCommandHandler(store));
    const first = instrumented(store);
    const second = instrumented(store);
    // A command loses its revision only to an append of the other instance (each instance runs its
    // own commands one at a time), and the other instance appends once per command it decides: so
    // a command can conflict at most chargesCount / 2 times. With that many retries, none can run
    // out however the machine schedules them (the default budget of 16 did under load); a
    // retries_exhausted here means a conflict that was not another instance's progress.
    const retryCountMax = chargesCount / 2 + 1;
    const handlers = [createCommandHandler(first.wrapped, { retryCountMax }), createCommandHandler(second.wrapped, { retryCountMax })];
    const outcomes = await Promise.all(
      Array.from({ length: chargesCount }, (_, index) => (handlers[index % 2] as CommandHandler)(charge(`c${index}`, price))),
    );
    const exhausted = outcomes.filter((outcome) => isLeft(outcome) && outcome.left.kind === 'retries_exhausted');
    expect(exhausted).toEqual([]);
    await expectExactlyAffordableAccepted(outcomes, store);
    // Both instances decided on the same revision at least once, so the retry path really ran.
    expect(first.calls.conflicts + second.calls.conflicts).toBeGreaterThan(0);
    expect(first.calls.appends + second.calls.appends).toBe(chargesCount + first.calls.conflicts + second.calls.conflicts);
  });
});
