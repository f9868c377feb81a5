// The one command path over the memory store: bounded retry on revision conflicts, and two handler
// instances ("processes") sharing one store.
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createCommandHandler, retryCountMaxDefault } from '../../../adapters/command-handling/command-handler.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { charge, openAccount, topUp } from '../../domain/fixtures.ts';
import {
  accepted, balanceOf, countByType, instrumented, memoryFixture, readEverything, rejectionCode, setUp, steppingClock,
} from './command-handling-support.ts';

describe('command handler: bounded retry', () => {
  const alwaysConflicting = (store: EventStore) => {
    const calls = { appends: 0 };
    const wrapped: EventStore = {
      ...store,
      append: async (streamId, _events, expected) => {
        calls.appends += 1;
        return { kind: 'conflict', streamId, expected, actualRevision: 41 };
      },
    };
    return { wrapped, calls };
  };

  it('gives retries_exhausted after retryCountMax attempts', async () => {
    const { wrapped, calls } = alwaysConflicting(createMemoryEventStore({ clock: steppingClock() }));
    const outcome = await createCommandHandler(wrapped, { retryCountMax: 3 })(openAccount());
    expect(outcome).toEqual({ _tag: 'Left', left: { kind: 'retries_exhausted', attempts: 3 } });
    expect(calls.appends).toBe(3);
  });

  it('retries retryCountMaxDefault times by default, also when recording a declined attempt', async () => {
    const store = createMemoryEventStore({ clock: steppingClock() });
    await setUp(createCommandHandler(store), '1');
    const { wrapped, calls } = alwaysConflicting(store);
    const outcome = await createCommandHandler(wrapped)(charge('c1', '5'));
    expect(outcome).toEqual({ _tag: 'Left', left: { kind: 'retries_exhausted', attempts: retryCountMaxDefault } });
    expect(calls.appends).toBe(retryCountMaxDefault);
  });

  it('retries a conflict caused by another handler instance, deciding again on the fresh state', async () => {
    const store = createMemoryEventStore({ clock: steppingClock() });
    const other = createCommandHandler(store);
    await setUp(other, '100');
    // Just before this handler's first append, the other "process" spends 50 of the 100.
    const { wrapped, calls } = instrumented(store, async (call) => {
      if (call === 1) accepted(await other(charge('c-other', '50')));
    });
    const handle = createCommandHandler(wrapped);
    const outcome = await handle(charge('c-mine', '80'));
    expect(calls).toEqual({ appends: 2, conflicts: 1 });
    // Re-decided on the fresh state: 80 no longer fits, so the retry recorded a declined attempt.
    expect(rejectionCode(outcome)).toBe('insufficient_funds');
    const events = await readEverything(store);
    expect(countByType(events)).toMatchObject({ WalletCharged: 1, ChargeDeclined: 1 });
  });

  it('succeeds on the retry when the other instance left enough', async () => {
    const store = createMemoryEventStore({ clock: steppingClock() });
    const other = createCommandHandler(store);
    await setUp(other, '100');
    const { wrapped, calls } = instrumented(store, async (call) => {
      if (call === 1) accepted(await other(topUp('t-other', '5')));
    });
    const result = accepted(await createCommandHandler(wrapped)(charge('c-mine', '80')));
    expect(calls).toEqual({ appends: 2, conflicts: 1 });
    expect(result.replayed).toBe(false);
    expect(result.event.revision).toBe(5);
    expect(balanceOf(result.state)).toBe('25.00');
  });
});

describe('command handler: two instances on one store', () => {
  it('never serves a stale cached state: each instance sees what the other appended', async () => {
    const store = createMemoryEventStore({ clock: steppingClock() });
    const first = createCommandHandler(store);
    const second = createCommandHandler(store);
    await setUp(first, '100');
    accepted(await second(charge('c1', '100')));
    // `first` cached the account at balance 100; a stale cache would accept this charge.
    expect(rejectionCode(await first(charge('c2', '1')))).toBe('insufficient_funds');
    const original = accepted(await second(topUp('t2', '7')));
    const replay = accepted(await first(topUp('t2', '7')));
    expect(replay).toMatchObject({ replayed: true, event: { position: original.event.position } });
    expect(balanceOf(replay.state)).toBe('7.00');
  });

  it('serialises concurrent commands on one account inside one instance: exactly the affordable charges pass', async () => {
    const { store, handle } = memoryFixture();
    await setUp(handle, '10');
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, index) => handle(charge(`c${index}`, '1'))));
    expect(outcomes.filter((outcome) => !isLeft(outcome))).toHaveLength(10);
    expect(outcomes.filter((outcome) => isLeft(outcome)).map(rejectionCode)).toEqual(Array(20).fill('insufficient_funds'));
    expect(countByType(await readEverything(store))).toMatchObject({ WalletCharged: 10, ChargeDeclined: 20 });
  });
});

describe('command handler: bounded queue per account', () => {
  it('answers account_busy beyond pendingCommandsPerAccountMax commands on one account, and serves the rest', async () => {
    const store = createMemoryEventStore({ clock: steppingClock() });
    await setUp(createCommandHandler(store), '1000');
    // A store whose appends wait until released: commands pile up behind the first one.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: EventStore = { ...store, append: async (...args) => gate.then(() => store.append(...args)) };
    const handle = createCommandHandler(slow, { pendingCommandsPerAccountMax: 3 });
    const outcomes = [1, 2, 3, 4, 5].map((n) => handle(charge(`c${n}`, '1')));
    const busy = await outcomes[3];
    expect(busy).toEqual({ _tag: 'Left', left: { kind: 'account_busy', pendingMax: 3 } });
    release();
    const settled = await Promise.all(outcomes);
    expect(settled.filter((outcome) => outcome._tag === 'Right')).toHaveLength(3);
    expect(settled.filter((outcome) => isLeft(outcome) && outcome.left.kind === 'account_busy')).toHaveLength(2);
    // Once the queue drained, the account takes commands again.
    expect((await handle(charge('c6', '1')))._tag).toBe('Right');
  });
});
