// The hold-expiry process against a real command path on the memory store: it releases what is
// due with occurredAt = holdExpiresAt, and a second instance or a stale view appends nothing.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { toLedgerEvent } from '../../../adapters/event-store/ledger-events.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { createHoldExpiry } from '../../../adapters/processes/hold-expiry.ts';
import type { Command } from '../../../domain/commands.ts';
import { createOpenHoldsView, holdEventTypes } from '../../../projections/holds/open-holds.ts';
import { at, capture, hold, readyAccount, topUp } from '../../domain/fixtures.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';

const clockAt = (iso: string): Clock => ({ now: () => new Date(iso) });
const noRollback = { onRollback: () => undefined };

const setUp = async () => {
  const store = createMemoryEventStore({ clock: clockAt('2024-01-02T00:00:00Z') });
  const commands = createCommandHandler(store);
  const [opened, registered, verified] = readyAccount();
  const run = async (command: Command) => {
    const outcome = await commands(command);
    if (outcome._tag === 'Left') throw new Error(`fixture: ${JSON.stringify(outcome.left)}`);
  };
  await run({ kind: 'OpenAccount', ...opened.data });
  await run({ kind: 'RegisterDevice', ...registered.data });
  await run({ kind: 'VerifyDevice', ...verified.data });
  await run(topUp('t1', '100'));
  await run(hold('h-1', '30', { hold: { ledgerTime: at('2024-01-02T00:00:00Z'), expiresAt: at('2024-01-03T00:00:00Z') } }));
  await run(hold('h-2', '30', { hold: { ledgerTime: at('2024-01-02T00:00:00Z'), expiresAt: at('2024-01-04T00:00:00Z') } }));
  await run(hold('h-3', '30', { hold: { ledgerTime: at('2024-01-02T00:00:00Z'), expiresAt: at('2024-01-03T00:00:00Z') } }));
  await run(capture('h-3', { ledgerTime: at('2024-01-02T00:00:00Z') }));
  return { store, commands, run };
};

const viewOf = async (store: EventStore) => {
  const view = createOpenHoldsView();
  view.projection.applyBatch(noRollback, await store.readAll({ after: 0n, limit: 1000, types: holdEventTypes }));
  return view;
};

const expiries = async (store: EventStore) =>
  (await store.readStream('account-acc-1', { fromRevision: 0, limit: 1000 })).map(toLedgerEvent).filter((event) => event.type === 'HoldExpired');

describe('hold expiry process', () => {
  it('releases each due hold once, recorded at its expiry; instances on a stale view append nothing more', async () => {
    const { store, commands } = await setUp();
    const staleView = await viewOf(store);
    const process = createHoldExpiry({ view: staleView, commands, clock: clockAt('2024-01-03T06:00:00Z') });
    expect(await process.runOnce()).toBe(1);
    expect((await expiries(store)).map((event) => [event.data.chargeId, event.data.occurredAt])).toEqual([['h-1', '2024-01-03T00:00:00.000Z']]);
    // A restart (same view) and another instance with its own handler: nothing appended again.
    const head = await store.headPosition();
    expect(await process.runOnce()).toBe(0);
    const other = createHoldExpiry({ view: staleView, commands: createCommandHandler(store), clock: clockAt('2024-01-05T00:00:00Z') });
    expect(await other.runOnce()).toBe(1);
    expect((await expiries(store)).map((event) => event.data.chargeId)).toEqual(['h-1', 'h-2']);
    expect(await store.headPosition()).toBe(head + 1n);
    expect(await other.runOnce()).toBe(0);
  });
});
