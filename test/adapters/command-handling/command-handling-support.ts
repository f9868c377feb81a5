// Helpers for command-handler tests: a clock that moves one second per reading (so every append
// has its own recordedAt), unwrapping of results, and reading a whole store back.
import { type Either, isLeft } from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import {
  type CommandFailure, type CommandHandler, type CommandResult, createCommandHandler,
} from '../../../adapters/command-handling/command-handler.ts';
import { type EventStore, type StoredEvent, pageSizeMax } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { formatAmount } from '../../../domain/money.ts';
import type { RejectionCode } from '../../../domain/rejection-code.ts';
import type { AccountState } from '../../../domain/state.ts';
import { openAccount, registerDevice, topUp, verifyDevice } from '../../domain/fixtures.ts';

export const steppingClock = (startIso = '2024-03-01T10:00:00.000Z'): Clock => {
  let epochMs = Date.parse(startIso);
  return {
    now: () => {
      epochMs += 1000;
      return new Date(epochMs);
    },
  };
};

type Outcome = Either<CommandFailure, CommandResult>;

export const accepted = (outcome: Outcome): CommandResult => {
  if (isLeft(outcome)) return expect.fail(`expected the command to be accepted, got ${JSON.stringify(outcome.left, replacer)}`);
  return outcome.right;
};

export const rejectionCode = (outcome: Outcome): RejectionCode => {
  if (!isLeft(outcome) || outcome.left.kind !== 'rejected') return expect.fail(`expected a rejection, got ${JSON.stringify(outcome, replacer)}`);
  return outcome.left.rejection.code;
};

export const balanceOf = (state: AccountState): string => (state.status === 'open' ? formatAmount(state.balance) : 'no account');

// Every event of the store in global order, read in bounded pages.
export const readEverything = async (store: EventStore, pagesMax = 1_000): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  for (let page = 0; page < pagesMax; page += 1) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? 0n, limit: pageSizeMax });
    events.push(...batch);
    if (batch.length < pageSizeMax) return events;
  }
  return expect.fail('the store has more events than this test can read');
};

export const countByType = (events: ReadonlyArray<StoredEvent>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
};

// Opens the usual USD account with one verified phone and tops it up.
export const setUp = async (handle: CommandHandler, fundsText = '100'): Promise<void> => {
  for (const command of [openAccount(), registerDevice(), verifyDevice(), topUp('t1', fundsText)]) accepted(await handle(command));
};

export const memoryFixture = () => {
  const store = createMemoryEventStore({ clock: steppingClock() });
  return { store, handle: createCommandHandler(store) };
};

// Wraps a store to count appends and conflicts, and to run something just before a chosen append.
export const instrumented = (store: EventStore, beforeAppend?: (call: number) => Promise<void>) => {
  const calls = { appends: 0, conflicts: 0 };
  const wrapped: EventStore = {
    ...store,
    append: async (streamId, events, expected) => {
      calls.appends += 1;
      await beforeAppend?.(calls.appends);
      const outcome = await store.append(streamId, events, expected);
      if (outcome.kind === 'conflict') calls.conflicts += 1;
      return outcome;
    },
  };
  return { wrapped, calls };
};

const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);
