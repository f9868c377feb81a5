// The auto-freeze process over the fraud detector's journal and a real command path: it freezes
// the account of every alert the policy names, once per alert, in small pages (alerts sharing a
// triggering event split across pages included), and a second instance reading the whole journal
// again (a restart, another server) appends nothing.
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { createAutoFreeze, startAutoFreeze } from '../../../adapters/processes/auto-freeze.ts';
import { parseAutoFreeze } from '../../../adapters/processes/auto-freeze-policy.ts';
import { createMemoryFraudDetector } from '../../../projections/fraud/memory-fraud-detector.ts';
import { createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const seeded = async () => {
  const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
  const commands = createCommandHandler(store);
  await runCommands(commands, day.commands);
  const detector = createMemoryFraudDetector();
  const runner = createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [detector.projection] });
  runner.start();
  expect((await runner.waitFor(detector.projection.name, await store.headPosition(), 10_000)).kind).toBe('caught_up');
  await runner.stop();
  return { store, commands, alerts: detector.alerts };
};

const frozenEvents = async (store: Awaited<ReturnType<typeof seeded>>['store'], accountId: string) =>
  (await store.readStream(`account-${accountId}`, { limit: 1000 })).filter((event) => event.type === 'AccountFrozen');

describe('the auto-freeze process', () => {
  it('freezes each victim once per alert of the policy, and a second reader of the journal appends nothing', async () => {
    const { store, commands, alerts } = await seeded();
    const policy = parseAutoFreeze('shared-device');
    if (!isRight(policy)) throw new Error('policy');
    const named = alerts.since(undefined, 1000).filter((alert) => alert.rule === 'shared-device');
    expect(new Set(named.map((alert) => alert.accountId))).toEqual(new Set(day.victims));

    // Pages of 2: the shared-device alerts of one registration share their triggering event.
    const first = createAutoFreeze({ policy: policy.right, alerts: () => alerts, commands, pageSizeMax: 2, pagesPerPassMax: 1000 });
    expect(await first.runOnce()).toBe(day.victims.length);
    for (const victim of day.victims) {
      const frozen = await frozenEvents(store, victim);
      expect(frozen).toHaveLength(1);
      expect(named.some((alert) => alert.alertId === frozen[0]?.data.alertId)).toBe(true);
      expect(frozen[0]?.metadata?.issuedBy).toBe('system:shared-device');
    }
    for (const other of day.customers.filter((customer) => !day.victims.includes(customer))) {
      expect(await frozenEvents(store, other)).toHaveLength(0);
    }
    const head = await store.headPosition();
    expect(await first.runOnce()).toBe(0);
    const second = startAutoFreeze({ policy: policy.right, alerts: () => alerts, commands, intervalMs: 5 });
    expect(await second.runOnce()).toBe(0);
    await second.stop();
    expect(await store.headPosition()).toBe(head);
  });

  it('freezes nothing without a policy', async () => {
    const { store, commands, alerts } = await seeded();
    const policy = parseAutoFreeze(undefined);
    if (!isRight(policy)) throw new Error('policy');
    const head = await store.headPosition();
    expect(await createAutoFreeze({ policy: policy.right, alerts: () => alerts, commands }).runOnce()).toBe(0);
    expect(await store.headPosition()).toBe(head);
  });
});
