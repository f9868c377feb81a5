// What-if over a real (memory) store: what a rule set would have flagged, writing nothing.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { jst } from '../../../adapters/incidents/scenario-ids.ts';
import { defaultFraudRules, onlyRules } from '../../../projections/fraud/fraud-rules.ts';
import { whatIf } from '../../../projections/fraud/what-if.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const seeded = async () => {
  const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
  await runCommands(createCommandHandler(store), day.commands);
  return { store };
};

describe('fraud what-if', () => {
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
