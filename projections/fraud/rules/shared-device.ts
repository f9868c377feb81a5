// Rule shared-device (see fraud-rules.ts): one phone put on many accounts is the signature of an
// organised takeover. The state is indexed by device, across accounts; each device keeps at most
// accountsPerDeviceMax accounts, and devices unseen for a whole window are swept away.
import { Map as ImmutableMap } from 'immutable';
import type { AccountId, DeviceId } from '../../../domain/ids.ts';
import { makeAlert } from '../fraud-alert.ts';
import type { SharedDeviceRule } from '../fraud-rules.ts';
import { type Rule, lastItems, unchanged } from './rule.ts';

type Sighting = Readonly<{ accountId: AccountId; atMs: number; position: bigint; how: 'registered' | 'login' }>;
type DeviceTrack = Readonly<{ sightings: ReadonlyArray<Sighting>; alerted: ReadonlyArray<Readonly<{ accountId: AccountId; atMs: number }>>; lastMs: number }>;
export type SharedDeviceState = ImmutableMap<DeviceId, DeviceTrack>;

const sighting = (event: Parameters<Rule<SharedDeviceRule, SharedDeviceState>['step']>[2]): Sighting['how'] | undefined => {
  if (event.type === 'DeviceRegistered') return 'registered';
  if (event.type === 'LoginRecorded' && event.data.outcome === 'succeeded') return 'login';
  return undefined;
};

export const sharedDevice: Rule<SharedDeviceRule, SharedDeviceState> = {
  name: 'shared-device',
  initial: () => ImmutableMap(),
  step: (config, state, event, context) => {
    const how = sighting(event);
    if (how === undefined || !('deviceId' in event.data)) return unchanged(state);
    const { accountId, deviceId } = event.data;
    const inWindow = (atMs: number): boolean => Math.abs(context.atMs - atMs) <= config.windowMs;
    const track = state.get(deviceId);
    const others = (track?.sightings ?? []).filter((seen) => seen.accountId !== accountId && inWindow(seen.atMs));
    const sightings = lastItems([...others, { accountId, atMs: context.atMs, position: context.position, how }], config.accountsPerDeviceMax);
    const alreadyAlerted = (track?.alerted ?? []).filter((entry) => inWindow(entry.atMs));
    const fresh = sightings.length >= config.accountsMin
      ? sightings.filter((seen) => !alreadyAlerted.some((entry) => entry.accountId === seen.accountId))
      : [];
    const evidence = {
      deviceId,
      windowMs: config.windowMs,
      accounts: sightings.map((seen) => ({ accountId: seen.accountId, how: seen.how, position: seen.position.toString() })),
    };
    const alerts = fresh.map((seen) => makeAlert('shared-device', seen.accountId, context.occurredAt, context.position, evidence));
    const alerted = lastItems(
      [...alreadyAlerted, ...fresh.map((seen) => ({ accountId: seen.accountId, atMs: context.atMs }))],
      config.accountsPerDeviceMax,
    );
    return { state: state.set(deviceId, { sightings, alerted, lastMs: context.atMs }), alerts };
  },
  sweep: (config, state, watermarkMs) => state.filter((track) => watermarkMs - track.lastMs <= config.windowMs),
};
