// Concurrency, model-based: fast-check's scheduler decides the order in which every store read and
// append of a batch of concurrent money commands starts, across two command handlers sharing one
// store (two processes: real revision conflicts and retries). The stored history must be a serial
// history the model accepts (support/serial-history.ts), every answer must be explained by it,
// money is conserved and no balance ever goes negative.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../adapters/command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { fold } from '../../domain/evolve.ts';
import { formatAmount } from '../../domain/money.ts';
import { initialState } from '../../domain/state.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { type MoneyCommand, type Observed, observe } from './support/money-model.ts';
import { modelAccountIds, openModelAccounts, replayBalance, streamOf, toCommand } from './support/model-real.ts';
import { checkAnswers, replaySerially } from './support/serial-history.ts';
import { topUp } from '../domain/fixtures.ts';

const soak = process.env.LEDGER_SOAK === '1';
const files = temporaryDirectory('interleavings');
afterAll(files.remove);

// Each call into the store starts only when the scheduler picks it.
const scheduled = (store: EventStore, scheduler: fc.Scheduler): EventStore => ({
  ...store,
  readStream: async (...args) => {
    await scheduler.schedule(Promise.resolve(), `readStream ${args[0]}`);
    return store.readStream(...args);
  },
  append: async (...args) => {
    await scheduler.schedule(Promise.resolve(), `append ${args[0]}`);
    return store.append(...args);
  },
});

const account = fc.integer({ min: 0, max: 1 });
const amount = fc.constantFrom(50n, 120n, 300n);
const command: fc.Arbitrary<MoneyCommand> = fc.oneof(
  fc.record({ kind: fc.constant('top-up' as const), account, id: fc.constantFrom('t-0', 't-1', 't-2'), amount }),
  fc.record({ kind: fc.constant('charge' as const), account, id: fc.constantFrom('c-0', 'c-1', 'c-2', 'c-3'), amount }),
  fc.record({ kind: fc.constant('reverse' as const), account, id: fc.constantFrom('c-0', 'c-1', 'c-2'), reason: fc.constantFrom('disputed', 'fraud') }),
);
const batch = fc.array(fc.tuple(command, fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 14 });

const stores: ReadonlyArray<readonly [string, () => EventStore, number]> = [
  ['memory', () => createMemoryEventStore(), soak ? 2_000 : 300],
  ['sqlite', () => openSqliteEventStore({ path: files.nextPath() }), soak ? 500 : 80],
];

describe('concurrent money commands under scheduled interleavings', () => {
  it.each(stores)('%s store: a serial history, explained answers, money conserved', async (_name, open, numRuns) => {
    let exhaustedTotal = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), batch, async (scheduler, commands) => {
        const store = open();
        try {
          const setup = createCommandHandler(store);
          await openModelAccounts(setup);
          // Some money to start with, so charges race each other for it.
          for (const accountId of modelAccountIds) await setup(topUp('opening', '400', { accountId }));
          const handlers = [createCommandHandler(scheduled(store, scheduler)), createCommandHandler(scheduled(store, scheduler))];
          const answers = Promise.all(
            commands.map(async ([money, handler]): Promise<readonly [MoneyCommand, Observed]> => [money, observe(await (handlers[handler] ?? setup)(toCommand(money)))]),
          );
          const answered = await scheduler.waitFor(answers);
          const streams = [await streamOf(store, 0), await streamOf(store, 1)];
          const model = replaySerially(streams);
          exhaustedTotal += checkAnswers(model, answered).exhausted;
          streams.forEach((events, index) => {
            const replayed = replayBalance(events);
            const state = fold(events.map(toLedgerEvent), initialState());
            expect(replayed.lowest).toBe(0n);
            expect(replayed.balance).toBe(replayed.moneyIn - replayed.moneyOut);
            expect(replayed.balance).toBe(model.accounts[index]?.balance);
            expect(state.status === 'open' ? formatAmount(state.balance) : 'none').toBe(String(replayed.balance));
          });
        } finally {
          await store.close();
        }
      }),
      { seed: 20240608, numRuns },
    );
    // Two handlers may each lose a bounded number of revision races; none should lose 16 in a row here.
    expect(exhaustedTotal).toBe(0);
  });
});
