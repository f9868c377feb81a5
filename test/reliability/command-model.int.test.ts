// Model-based: fast-check runs random sequences of money commands (top-ups, charges, reversals,
// retries of an id with the same or another body: the id pools are small, so retries are common)
// through two command handlers sharing one store (two processes, each with a stale cache of the
// other's appends), and compares every outcome, append and balance with support/money-model.ts.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type CommandHandler, createCommandHandler } from '../../adapters/command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { type MoneyCommand, MoneyModel, observe } from './support/money-model.ts';
import { openModelAccounts, replayBalance, streamOf, toCommand } from './support/model-real.ts';

const soak = process.env.LEDGER_SOAK === '1';
const files = temporaryDirectory('command-model');
afterAll(files.remove);

type Real = { readonly store: EventStore; readonly handlers: ReadonlyArray<CommandHandler> };

class MoneyStep implements fc.AsyncCommand<MoneyModel, Real> {
  constructor(readonly command: MoneyCommand, readonly handler: number) {}
  check = (): boolean => true;
  async run(model: MoneyModel, real: Real): Promise<void> {
    const expected = model.expect(this.command);
    const headBefore = await real.store.headPosition();
    const handle = real.handlers[this.handler];
    if (handle === undefined) throw new RangeError('no such handler');
    const observed = observe(await handle(toCommand(this.command)));
    const headAfter = await real.store.headPosition();
    expect(headAfter - headBefore, 'events appended').toBe(BigInt(expected.appends));
    if (expected.outcome === 'applied') expect(observed).toEqual({ kind: 'ok', position: headAfter, replayed: false });
    else if (expected.outcome === 'replayed') expect(observed).toEqual({ kind: 'ok', position: expected.position, replayed: true });
    else expect(observed).toEqual({ kind: 'rejected', code: expected.outcome });
    model.apply(this.command, expected.appends === 1 ? headAfter : undefined);
    const replayed = replayBalance(await streamOf(real.store, this.command.account));
    expect(replayed.balance).toBe(model.accounts[this.command.account]?.balance);
    expect(replayed.lowest).toBe(0n);
    expect(replayed.balance).toBe(replayed.moneyIn - replayed.moneyOut);
  }
  toString = (): string => `${JSON.stringify(this.command, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}` : value))}@h${this.handler}`;
}

const account = fc.integer({ min: 0, max: 1 });
const handler = fc.integer({ min: 0, max: 1 });
const amount = fc.constantFrom(10n, 30n, 80n, 200n, 500n);
const topUpId = fc.constantFrom('t-0', 't-1', 't-2', 't-3', 't-4');
const chargeId = fc.constantFrom('c-0', 'c-1', 'c-2', 'c-3', 'c-4', 'c-5');
const steps = fc.commands(
  [
    fc.tuple(account, topUpId, amount, handler).map(([a, id, value, h]) => new MoneyStep({ kind: 'top-up', account: a, id, amount: value }, h)),
    fc.tuple(account, chargeId, amount, handler).map(([a, id, value, h]) => new MoneyStep({ kind: 'charge', account: a, id, amount: value }, h)),
    fc.tuple(account, chargeId, fc.constantFrom('disputed', 'fraud'), handler).map(([a, id, reason, h]) => new MoneyStep({ kind: 'reverse', account: a, id, reason }, h)),
  ],
  { size: '+1' },
);

const stores: ReadonlyArray<readonly [string, () => EventStore, number]> = [
  ['memory', () => createMemoryEventStore(), soak ? 2_000 : 300],
  ['sqlite', () => openSqliteEventStore({ path: files.nextPath() }), soak ? 500 : 100],
];

describe('money commands against a model', () => {
  it.each(stores)('%s store: outcomes, appends and balances follow the model', async (_name, open, numRuns) => {
    await fc.assert(
      fc.asyncProperty(steps, async (commands) => {
        const store = open();
        try {
          const handlers = [createCommandHandler(store), createCommandHandler(store)];
          await openModelAccounts(handlers[0] ?? createCommandHandler(store));
          await fc.asyncModelRun(() => ({ model: new MoneyModel(2), real: { store, handlers } }), commands);
        } finally {
          await store.close();
        }
      }),
      { seed: 20240607, numRuns },
    );
  });
});
