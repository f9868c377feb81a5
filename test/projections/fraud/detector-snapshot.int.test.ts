// The detector snapshot over the 7pay day (events from a memory store): a round trip gives back
// the very state, a detector resumed from a snapshot raises exactly the alerts of an uninterrupted
// one, and a snapshot that does not fit (shape, version, rules, checkpoint) is refused loudly.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import type { StoredEvent } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import {
  decodeDetectorState, detectorSnapshotVersion, encodeDetectorState, restoreSnapshot, snapshotOf,
} from '../../../projections/fraud/detector-snapshot.ts';
import { type DetectorState, initialDetectorState, processBatch } from '../../../projections/fraud/fraud-detector.ts';
import { defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const allEvents = async (): Promise<StoredEvent[]> => {
  const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
  await runCommands(createCommandHandler(store), day.commands);
  const events: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: events.at(-1)?.position ?? 0n, limit: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
  }
};

const detect = processBatch(defaultFraudRules);
const throughJson = (state: DetectorState): DetectorState => restoreSnapshot(snapshotOf(state, defaultFraudRules), defaultFraudRules);

describe('fraud detector snapshot', () => {
  it('gives back the state it was made from, every part of it', async () => {
    const { state } = detect(initialDetectorState(), await allEvents());
    for (const part of [state.foreign, state.shared, state.velocity, state.travel, state.fresh]) expect(part.size).toBeGreaterThan(0);
    expect(state.velocity.some((track) => track.alertedAtMs !== undefined)).toBe(true);
    expect(state.fresh.some((device) => device.verifiedAt !== undefined)).toBe(true);
    const restored = throughJson(state);
    expect(restored).toEqual(state);
    expect(encodeDetectorState(restored)).toBe(encodeDetectorState(state));
    expect(throughJson(initialDetectorState())).toEqual(initialDetectorState());
    expect(throughJson(initialDetectorState()).watermarkMs).toBe(Number.NEGATIVE_INFINITY);
    // The comparison sees inside the immutable maps: one changed charge makes them differ.
    const [accountId, track] = state.velocity.entrySeq().first() ?? [];
    if (accountId === undefined || track === undefined) throw new Error('no velocity track');
    expect({ ...restored, velocity: restored.velocity.set(accountId, { ...track, charges: track.charges.slice(1) }) }).not.toEqual(state);
  });

  it('a detector resumed from a snapshot raises exactly the alerts of one fed everything', async () => {
    const events = await allEvents();
    const whole = detect(initialDetectorState(), events);
    expect(whole.alerts.length).toBeGreaterThan(0);
    let splitsWithAlertsOnBothSides = 0;
    for (let split = 1; split < events.length; split += Math.ceil(events.length / 25)) {
      const first = detect(initialDetectorState(), events.slice(0, split));
      const second = detect(throughJson(first.state), events.slice(split));
      expect([...first.alerts, ...second.alerts]).toEqual(whole.alerts);
      expect(second.state).toEqual(whole.state);
      if (first.alerts.length > 0 && second.alerts.length > 0) splitsWithAlertsOnBothSides += 1;
    }
    expect(splitsWithAlertsOnBothSides).toBeGreaterThan(0);
  });

  it('refuses, naming the problem, a snapshot that does not fit', async () => {
    const { state } = detect(initialDetectorState(), await allEvents());
    const good = snapshotOf(state, defaultFraudRules);
    const velocity = defaultFraudRules.velocity;
    if (velocity === undefined) throw new Error('velocity is on by default');
    const otherThresholds = { ...defaultFraudRules, velocity: { ...velocity, chargeCountMax: velocity.chargeCountMax + 1 } };
    expect(() => restoreSnapshot(good, otherThresholds)).toThrow(/other rules or thresholds/);
    expect(() => restoreSnapshot({ ...good, version: detectorSnapshotVersion + 1 }, defaultFraudRules)).toThrow(/version/);
    expect(() => restoreSnapshot({ ...good, checkpoint: good.checkpoint - 1n }, defaultFraudRules)).toThrow(/checkpoint/);
    expect(() => restoreSnapshot({ ...good, state: good.state.slice(0, -10) }, defaultFraudRules)).toThrow(/not JSON/);
    const json = JSON.parse(good.state) as Record<string, unknown>;
    const broken = (change: Record<string, unknown>) => () => decodeDetectorState(JSON.stringify({ ...json, ...change }));
    expect(broken({ checkpoint: Number(state.checkpoint) })).toThrow(/does not decode.*checkpoint/);
    expect(broken({ watermarkMs: 'soon' })).toThrow(/does not decode.*watermarkMs/);
    expect(broken({ fresh: undefined })).toThrow(/does not decode.*fresh/);
    const velocityPairs = json.velocity as unknown[];
    expect(broken({ velocity: [...velocityPairs, velocityPairs[0]] })).toThrow(/VelocityState has a key twice/);
    const amountBroken = JSON.stringify(velocityPairs).replace(/"amount":"(\d+)"/, '"amount":"$1.5"');
    expect(amountBroken).not.toBe(JSON.stringify(velocityPairs));
    expect(broken({ velocity: JSON.parse(amountBroken) })).toThrow(/scale of JPY/);
  });
});
