// The alert driver over a real (memory) store: alerts recorded once as FraudAlertRaised events,
// the auto-freeze policy through the command path, alertsSince, and what-if writing nothing.
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { jst } from '../../../adapters/incidents/scenario-ids.ts';
import { createFraudAlertDriver } from '../../../projections/fraud/alert-driver.ts';
import { alertsSince } from '../../../projections/fraud/alerts-since.ts';
import { parseAutoFreeze } from '../../../adapters/processes/auto-freeze-policy.ts';
import { fraudAlertStreamId } from '../../../domain/alerts/fraud-alert-raised.ts';
import { defaultFraudRules, onlyRules } from '../../../projections/fraud/fraud-rules.ts';
import { whatIf } from '../../../projections/fraud/what-if.ts';
import { accountState } from '../../scenarios/scenario-stores.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const seeded = async () => {
  const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
  const handle = createCommandHandler(store);
  await runCommands(handle, day.commands);
  return { store, handle };
};

describe('fraud alert driver', () => {
  it('appends each alert once, even across drivers and page sizes', async () => {
    const { store } = await seeded();
    const first = await createFraudAlertDriver({ store, batchSizeMax: 7 }).catchUp();
    expect(first.alertsAppended).toBeGreaterThan(0);
    const again = await createFraudAlertDriver({ store, batchSizeMax: 1000 }).catchUp();
    expect(again.alertsAppended).toBe(0);
    const stored = await store.readStream(fraudAlertStreamId, { limit: 1000 });
    expect(stored).toHaveLength(first.alertsAppended);
    expect(new Set(stored.map((e) => e.data.alertId)).size).toBe(stored.length);
    expect(stored.every((e) => e.type === 'FraudAlertRaised')).toBe(true);
  });

  it('freezes only with a policy, through a FreezeAccount naming the alert', async () => {
    const off = parseAutoFreeze(undefined);
    expect(isRight(off) && off.right).toEqual(new Set());
    expect(parseAutoFreeze('shared-device,nonsense')._tag).toBe('Left');
    const policy = parseAutoFreeze(' shared-device ');
    if (!isRight(policy)) throw new Error('policy');

    const quiet = await seeded();
    await createFraudAlertDriver({ store: quiet.store, commandHandler: quiet.handle }).catchUp();
    for (const victim of day.victims) {
      const state = await accountState(quiet.store, victim);
      expect(state.status === 'open' && state.frozen === undefined).toBe(true);
    }

    const { store, handle } = await seeded();
    const report = await createFraudAlertDriver({ store, commandHandler: handle, autoFreeze: policy.right }).catchUp();
    expect(report.accountsFrozen).toBe(day.victims.length);
    const alerts = await alertsSince(store, undefined);
    for (const victim of day.victims) {
      const events = await store.readStream(`account-${victim}`, { limit: 1000 });
      const frozen = events.filter((e) => e.type === 'AccountFrozen');
      expect(frozen).toHaveLength(1);
      const alert = alerts.find((a) => a.alertId === frozen[0]?.data.alertId);
      expect(alert?.rule).toBe('shared-device');
      expect(alert?.accountId).toBe(victim);
    }
    for (const other of day.customers.filter((c) => !day.victims.includes(c))) {
      expect((await store.readStream(`account-${other}`, { limit: 1000 })).some((e) => e.type === 'AccountFrozen')).toBe(false);
    }
  });

  it('answers alerts since a time, in the order raised', async () => {
    const { store } = await seeded();
    await createFraudAlertDriver({ store }).catchUp();
    const all = await alertsSince(store, undefined);
    const since = jst('2019-07-03T10:30:00');
    const later = await alertsSince(store, since);
    expect(later.length).toBeGreaterThan(0);
    expect(later.length).toBeLessThan(all.length);
    expect(later).toEqual(all.filter((a) => a.occurredAt >= since));
    expect(await alertsSince(store, since, 2)).toEqual(later.slice(0, 2));
  });

  it('what-if reports what a rule set would have flagged, in a window, writing nothing', async () => {
    const { store } = await seeded();
    const head = await store.headPosition();
    const all = await whatIf(store, defaultFraudRules);
    const onlyVelocity = await whatIf(store, onlyRules(defaultFraudRules, ['velocity']));
    const stricter = await whatIf(store, { velocity: { ...defaultFraudRules.velocity!, amountMaxByCurrency: { JPY: '1000000' } } });
    const window = { from: jst('2019-07-03T10:00:00'), to: jst('2019-07-03T10:20:00') };
    const windowed = await whatIf(store, defaultFraudRules, window);
    expect(await store.headPosition()).toBe(head);
    expect(onlyVelocity.alertsByRule).toEqual({ velocity: day.victims.length });
    expect(stricter.alerts).toEqual([]);
    expect(all.alerts.length).toBeGreaterThan(onlyVelocity.alerts.length);
    expect(windowed.alerts.length).toBeGreaterThan(0);
    expect(windowed.alerts.every((a) => a.occurredAt >= window.from && a.occurredAt < window.to)).toBe(true);
    expect(windowed.alerts.length).toBeLessThan(all.alerts.length);
  });
});
