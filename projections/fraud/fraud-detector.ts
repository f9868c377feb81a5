// The fraud detector: a pure fold over the ledger events of ALL accounts in global order,
// (state, storedEvent) => (state, alerts). Each rule of the given set keeps its own state; every
// sweepEveryEvents events the rules drop what has aged out of their windows, so memory is bounded
// by the activity of one window (plus one small entry per account for foreign-login-new-device).
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../../adapters/event-store/ledger-events.ts';
import type { LedgerEvent, LedgerEventType } from '../../domain/events.ts';
import { epochMsOf } from '../../domain/instant.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import type { FraudRules } from './fraud-rules.ts';
import { type ForeignLoginState, foreignLoginNewDevice } from './rules/foreign-login-new-device.ts';
import { type FreshDeviceState, freshDeviceLargeCharge } from './rules/fresh-device-large-charge.ts';
import { type ImpossibleTravelState, impossibleTravel } from './rules/impossible-travel.ts';
import type { EventContext, Rule } from './rules/rule.ts';
import { type SharedDeviceState, sharedDevice } from './rules/shared-device.ts';
import { type VelocityState, velocity } from './rules/velocity.ts';

// The event types any rule reads: readers pass them as the `types` filter of readAll.
export const fraudSourceEventTypes: ReadonlyArray<LedgerEventType> = [
  'AccountOpened',
  'DeviceRegistered',
  'DeviceVerified',
  'DeviceRemoved',
  'LoginRecorded',
  'WalletCharged',
];
const sourceTypes: ReadonlySet<string> = new Set(fraudSourceEventTypes);

export const sweepEveryEvents = 4096;

export type DetectorState = Readonly<{
  foreign: ForeignLoginState;
  shared: SharedDeviceState;
  velocity: VelocityState;
  travel: ImpossibleTravelState;
  fresh: FreshDeviceState;
  // The latest valid time seen: windows are swept relative to it.
  watermarkMs: number;
  eventsSinceSweep: number;
  // The global position of the last event folded (0n before any).
  checkpoint: bigint;
}>;

export const initialDetectorState = (): DetectorState => ({
  foreign: foreignLoginNewDevice.initial(),
  shared: sharedDevice.initial(),
  velocity: velocity.initial(),
  travel: impossibleTravel.initial(),
  fresh: freshDeviceLargeCharge.initial(),
  watermarkMs: Number.NEGATIVE_INFINITY,
  eventsSinceSweep: 0,
  checkpoint: 0n,
});

export type Detection = Readonly<{ state: DetectorState; alerts: ReadonlyArray<FraudAlert> }>;

type Step = <C, S>(rule: Rule<C, S>, config: C | undefined, state: S) => S;

const sweepAll = (rules: FraudRules, state: DetectorState): DetectorState => {
  const sweep = <C, S>(rule: Rule<C, S>, config: C | undefined, ruleState: S): S =>
    config === undefined ? ruleState : rule.sweep(config, ruleState, state.watermarkMs);
  return {
    ...state,
    foreign: sweep(foreignLoginNewDevice, rules['foreign-login-new-device'], state.foreign),
    shared: sweep(sharedDevice, rules['shared-device'], state.shared),
    velocity: sweep(velocity, rules.velocity, state.velocity),
    travel: sweep(impossibleTravel, rules['impossible-travel'], state.travel),
    fresh: sweep(freshDeviceLargeCharge, rules['fresh-device-large-charge'], state.fresh),
    eventsSinceSweep: 0,
  };
};

const stepRules = (rules: FraudRules, state: DetectorState, event: LedgerEvent, context: EventContext): Detection => {
  const alerts: FraudAlert[] = [];
  const step: Step = (rule, config, ruleState) => {
    if (config === undefined) return ruleState;
    const outcome = rule.step(config, ruleState, event, context);
    alerts.push(...outcome.alerts);
    return outcome.state;
  };
  const next: DetectorState = {
    foreign: step(foreignLoginNewDevice, rules['foreign-login-new-device'], state.foreign),
    shared: step(sharedDevice, rules['shared-device'], state.shared),
    velocity: step(velocity, rules.velocity, state.velocity),
    travel: step(impossibleTravel, rules['impossible-travel'], state.travel),
    fresh: step(freshDeviceLargeCharge, rules['fresh-device-large-charge'], state.fresh),
    watermarkMs: Math.max(state.watermarkMs, context.atMs),
    eventsSinceSweep: state.eventsSinceSweep + 1,
    checkpoint: context.position,
  };
  return { state: next.eventsSinceSweep >= sweepEveryEvents ? sweepAll(rules, next) : next, alerts };
};

export const detect = (rules: FraudRules) => (state: DetectorState, stored: StoredEvent): Detection => {
  if (stored.position <= state.checkpoint) return { state, alerts: [] };
  if (!sourceTypes.has(stored.type)) return { state: { ...state, checkpoint: stored.position }, alerts: [] };
  const event = toLedgerEvent(stored);
  const occurredAt = event.data.occurredAt;
  return stepRules(rules, state, event, { position: stored.position, occurredAt, atMs: epochMsOf(occurredAt) });
};

// Folds a batch (the unit the projection runner works in).
export const processBatch = (rules: FraudRules) => (state: DetectorState, events: ReadonlyArray<StoredEvent>): Detection => {
  const step = detect(rules);
  let current = state;
  const alerts: FraudAlert[] = [];
  for (const stored of events) {
    const detection = step(current, stored);
    current = detection.state;
    alerts.push(...detection.alerts);
  }
  return { state: current, alerts };
};
