// The JSON form of every part of DetectorState, as an io-ts codec. Each rule's entry type is read
// off the rule's own exported state type, so a rule whose state changes shape stops compiling here
// (and then detectorSnapshotVersion must change with it).
import type { Map as ImmutableMap } from 'immutable';
import * as t from 'io-ts';
import { AccountId, ChargeId, CountryCode, DeviceId, LoginId } from '../../domain/ids.ts';
import { InstantCodec } from '../../domain/instant.ts';
import type { DetectorState } from './fraud-detector.ts';
import type { ForeignLoginState } from './rules/foreign-login-new-device.ts';
import type { FreshDeviceState } from './rules/fresh-device-large-charge.ts';
import type { ImpossibleTravelState } from './rules/impossible-travel.ts';
import type { SharedDeviceState } from './rules/shared-device.ts';
import type { VelocityState } from './rules/velocity.ts';
import {
  CountCodec, FiniteNumberCodec, MoneyCodec, PositionTextCodec, WatermarkCodec, immutableMapCodec,
} from './snapshot-codecs.ts';

type EntryOf<M> = M extends ImmutableMap<unknown, infer V> ? V : never;
type Codec<A> = t.Type<A, unknown, unknown>;

const ForeignTrack: Codec<EntryOf<ForeignLoginState>> = t.intersection([
  t.readonly(t.type({
    knownDevices: t.readonlyArray(DeviceId),
    pending: t.readonlyArray(t.readonly(t.type({
      loginId: LoginId, deviceId: DeviceId, country: CountryCode, occurredAt: InstantCodec, atMs: FiniteNumberCodec, position: PositionTextCodec,
    }))),
  })),
  t.readonly(t.partial({ homeCountry: CountryCode })),
]);

const SharedTrack: Codec<EntryOf<SharedDeviceState>> = t.readonly(t.type({
  sightings: t.readonlyArray(t.readonly(t.type({
    accountId: AccountId, atMs: FiniteNumberCodec, position: PositionTextCodec, how: t.keyof({ registered: null, login: null }),
  }))),
  alerted: t.readonlyArray(t.readonly(t.type({ accountId: AccountId, atMs: FiniteNumberCodec }))),
  lastMs: FiniteNumberCodec,
}));

const VelocityTrack: Codec<EntryOf<VelocityState>> = t.intersection([
  t.readonly(t.type({
    charges: t.readonlyArray(t.readonly(t.type({ chargeId: ChargeId, amount: MoneyCodec, atMs: FiniteNumberCodec, position: PositionTextCodec }))),
  })),
  t.readonly(t.partial({ alertedAtMs: FiniteNumberCodec })),
]);

const Located: Codec<EntryOf<ImpossibleTravelState>> = t.readonly(t.type({
  place: t.readonly(t.type({ latitude: FiniteNumberCodec, longitude: FiniteNumberCodec, label: t.string })),
  occurredAt: InstantCodec,
  atMs: FiniteNumberCodec,
  position: PositionTextCodec,
}));

const FreshDevice: Codec<EntryOf<FreshDeviceState>> = t.intersection([
  t.readonly(t.type({ registeredAt: InstantCodec, registeredMs: FiniteNumberCodec, position: PositionTextCodec })),
  t.readonly(t.partial({ verifiedAt: InstantCodec })),
]);

export const DetectorStateCodec: Codec<DetectorState> = t.readonly(t.type({
  foreign: immutableMapCodec('ForeignLoginState', AccountId, ForeignTrack),
  shared: immutableMapCodec('SharedDeviceState', DeviceId, SharedTrack),
  velocity: immutableMapCodec('VelocityState', AccountId, VelocityTrack),
  travel: immutableMapCodec('ImpossibleTravelState', AccountId, Located),
  // Keys are `${accountId}\u0000${deviceId}` (fresh-device-large-charge.ts).
  fresh: immutableMapCodec('FreshDeviceState', t.string, FreshDevice),
  watermarkMs: WatermarkCodec,
  eventsSinceSweep: CountCodec,
  checkpoint: PositionTextCodec,
}));
