// Running an incident against real stores: resumable after a crash half way, safe when two runs
// race, a charge reversed by other means during the run leaves the incident, progress is told.
import { runIncidentOrThrow } from '../../support/run-incident-or-throw.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandHandler, createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { type EventStore, expectAny } from '../../../domain/ports/event-store.ts';
import type { IncidentProgress } from '../../../adapters/incidents/run-incident.ts';
import { literal } from '../../../adapters/incidents/scenario-ids.ts';
import { incidentDayEnd, incidentDayStart, seedSyntheticLedger, syntheticAccountId } from '../../../adapters/incidents/synthetic-ledger.ts';
import { ChargeId, CountryCode, IncidentId, Text } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import type { IncidentRequest } from '../../../domain/incidents/incident-request.ts';
import { type OpenedStore, storeKinds } from '../../scenarios/scenario-stores.ts';

const sizes = { accounts: 60, eventsPerAccount: 20, victims: 8, fraudulentChargesPerVictim: 3 };
const fraudCharges = sizes.victims * sizes.fraudulentChargesPerVictim;
const expected = { incidentId: 'synthetic-incident', charges: fraudCharges, accounts: sizes.victims, total: { JPY: String(fraudCharges * 30_000) }, dryRun: false };

const request: IncidentRequest = {
  incidentId: literal(IncidentId, 'synthetic-incident'),
  description: literal(Text, 'synthetic takeover'),
  window: { from: literal(InstantCodec, incidentDayStart), to: literal(InstantCodec, incidentDayEnd) },
  criteria: { devicesRegisteredInWindow: true, countries: [literal(CountryCode, 'CN')] },
};
const clockAt = (iso: string) => ({ now: () => new Date(iso) });

// A store that dies (throws) on every append after the first `appendsAllowed`, like a crash.
const crashingAfter = (store: EventStore, appendsAllowed: number): EventStore => {
  let appends = 0;
  return {
    ...store,
    append: async (...args) => {
      appends += 1;
      if (appends > appendsAllowed) throw new Error('simulated crash');
      return store.append(...args);
    },
  };
};

const reversalEvents = async (store: EventStore) => {
  const events = await store.readAll({ types: ['ChargeReversed'], limit: 1000 });
  return events.map((e) => `${e.streamId}/${String(e.data.chargeId)}/${String(e.data.incidentId)}`);
};

describe.each(storeKinds)('running an incident (%s store)', (_kind, open) => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = open();
    await seedSyntheticLedger(opened.store, sizes);
  });
  afterEach(async () => opened.dispose());

  it('resumes after a crash half way without reversing anything twice', async () => {
    const { store } = opened;
    const crashing = crashingAfter(store, fraudCharges / 2);
    const run = runIncidentOrThrow({ store: crashing, handle: createCommandHandler(crashing), clock: clockAt('2019-07-04T00:00:00Z'), concurrencyMax: 4 }, request);
    await expect(run).rejects.toThrow('simulated crash');
    const partial = await reversalEvents(store);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(fraudCharges);
    // The re-run's default "now" differs: reversals already made are still recognised as its own.
    const resumed = await runIncidentOrThrow({ store, handle: createCommandHandler(store), clock: clockAt('2019-07-05T00:00:00Z') }, request);
    expect(resumed).toEqual(expected);
    const all = await reversalEvents(store);
    expect(all).toHaveLength(fraudCharges);
    expect(new Set(all).size).toBe(fraudCharges);
    expect(all.every((r) => r.endsWith('/synthetic-incident') && r.includes('charge-fraud-'))).toBe(true);
  });

  it('gives two racing runs the same answer and reverses each charge once', async () => {
    const { store } = opened;
    const [a, b] = await Promise.all([
      runIncidentOrThrow({ store, handle: createCommandHandler(store), clock: clockAt('2019-07-04T00:00:00Z') }, request),
      runIncidentOrThrow({ store, handle: createCommandHandler(store), clock: clockAt('2019-07-04T00:00:01Z') }, request),
    ]);
    expect(a).toEqual(expected);
    expect(b).toEqual(expected);
    expect(await reversalEvents(store)).toHaveLength(fraudCharges);
  });

  it('leaves out a charge reversed by other means during the run, and reports progress', async () => {
    const { store } = opened;
    const inner = createCommandHandler(store);
    const victim = syntheticAccountId(0);
    const chargeId = literal(ChargeId, 'charge-fraud-0');
    const meddling: CommandHandler = async (command) => {
      if (command.kind === 'ReverseCharge' && command.accountId === victim && command.chargeId === chargeId) {
        await inner({ kind: 'ReverseCharge', accountId: victim, chargeId, reason: literal(Text, 'support'), occurredAt: command.occurredAt });
      }
      return inner(command);
    };
    const progress: IncidentProgress[] = [];
    const result = await runIncidentOrThrow({ store, handle: meddling, clock: clockAt('2019-07-04T00:00:00Z'), onProgress: (p) => progress.push(p) }, request);
    expect(result).toEqual({ ...expected, charges: fraudCharges - 1, total: { JPY: String((fraudCharges - 1) * 30_000) } });
    expect(await runIncidentOrThrow({ store, handle: inner }, request)).toEqual(result);
    const head = await store.headPosition();
    expect(progress.filter((p) => p.phase === 'scanning').at(-1)).toEqual({ phase: 'scanning', position: expect.any(BigInt), headPosition: expect.any(BigInt) });
    expect(progress.filter((p) => p.phase === 'reversing').at(-1)).toMatchObject({ phase: 'reversing', done: fraudCharges, total: fraudCharges, outcome: 'reversed' });
    expect(head).toBe(await store.headPosition());
  });

  it('is the same incident when sent again later without occurredAt: a charge recorded since never joins it', async () => {
    const { store } = opened;
    const deps = { store, handle: createCommandHandler(store), issuedBy: 'finance:test' };
    const first = await runIncidentOrThrow({ ...deps, clock: clockAt('2019-07-04T00:00:00Z') }, request);
    expect(first).toEqual(expected);
    // A matching charge, stored after the declaration (at the same recordedAt: the store's clock is fixed).
    const victim = `account-${syntheticAccountId(0)}`;
    const fraud = (await store.readStream(victim)).filter((event) => event.type === 'WalletCharged').at(-1);
    if (fraud === undefined) throw new Error('the victim has charges');
    await store.append(victim, [{ type: 'WalletCharged', data: { ...fraud.data, chargeId: 'charge-late' }, occurredAt: fraud.occurredAt }], expectAny);
    const again = await runIncidentOrThrow({ ...deps, clock: clockAt('2019-07-09T00:00:00Z') }, request);
    expect(again).toEqual(expected);
    expect((await reversalEvents(store)).filter((line) => line.includes('charge-late'))).toEqual([]);
    expect((await reversalEvents(store)).length).toBe(fraudCharges);
  });

  it('reports without appending on a dry run', async () => {
    const { store } = opened;
    const head = await store.headPosition();
    const dry = await runIncidentOrThrow({ store, handle: createCommandHandler(store) }, { ...request, dryRun: true });
    expect(dry).toMatchObject({ ...expected, dryRun: true, selectedNext: null });
    expect(dry.selected).toHaveLength(fraudCharges);
    expect(await store.headPosition()).toBe(head);
  });
});
