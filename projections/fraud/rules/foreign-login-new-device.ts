// Rule foreign-login-new-device (see fraud-rules.ts): the 7pay pattern's first step, a stolen id
// used from abroad on the attacker's phone, then the phone registered or a purchase made.
import { Map as ImmutableMap } from 'immutable';
import type { AccountId, CountryCode, DeviceId, LoginId } from '../../../domain/ids.ts';
import type { Instant } from '../../../domain/instant.ts';
import { makeAlert } from '../fraud-alert.ts';
import { type FraudAlert } from '../../../domain/alerts/fraud-alert-raised.ts';
import type { ForeignLoginNewDeviceRule } from '../fraud-rules.ts';
import { type Rule, lastItems, unchanged } from './rule.ts';

type PendingLogin = Readonly<{ loginId: LoginId; deviceId: DeviceId; country: CountryCode; occurredAt: Instant; atMs: number; position: bigint }>;
type AccountTrack = Readonly<{ homeCountry?: CountryCode; knownDevices: ReadonlyArray<DeviceId>; pending: ReadonlyArray<PendingLogin> }>;
export type ForeignLoginState = ImmutableMap<AccountId, AccountTrack>;

const pendingPerAccountMax = 8;
const emptyTrack: AccountTrack = { knownDevices: [], pending: [] };

const remember = (track: AccountTrack, deviceId: DeviceId, max: number): AccountTrack =>
  track.knownDevices.includes(deviceId) ? track : { ...track, knownDevices: lastItems([...track.knownDevices, deviceId], max) };

export const foreignLoginNewDevice: Rule<ForeignLoginNewDeviceRule, ForeignLoginState> = {
  name: 'foreign-login-new-device',
  initial: () => ImmutableMap(),
  step: (config, state, event, context) => {
    const { accountId } = event.data;
    const track = state.get(accountId) ?? emptyTrack;
    const live = track.pending.filter((login) => context.atMs - login.atMs <= config.followUpWindowMs && login.atMs <= context.atMs);
    const followedUp = (followUp: Readonly<Record<string, unknown>>): ReadonlyArray<FraudAlert> =>
      live.map((login) =>
        makeAlert('foreign-login-new-device', accountId, context.occurredAt, context.position, {
          homeCountry: track.homeCountry,
          login: { loginId: login.loginId, deviceId: login.deviceId, country: login.country, occurredAt: login.occurredAt, position: login.position.toString() },
          followUp: { ...followUp, occurredAt: context.occurredAt, position: context.position.toString() },
        }),
      );
    switch (event.type) {
      case 'AccountOpened':
        return unchanged(state.set(accountId, { ...track, homeCountry: event.data.homeCountry }));
      case 'LoginRecorded': {
        if (event.data.outcome !== 'succeeded') return unchanged(state);
        const { deviceId, country, loginId } = event.data;
        const suspicious = track.homeCountry !== undefined && country !== track.homeCountry && !track.knownDevices.includes(deviceId);
        const pending = suspicious
          ? lastItems([...live, { loginId, deviceId, country, occurredAt: context.occurredAt, atMs: context.atMs, position: context.position }], pendingPerAccountMax)
          : live;
        return unchanged(state.set(accountId, remember({ ...track, pending }, deviceId, config.knownDevicesPerAccountMax)));
      }
      case 'DeviceRegistered': {
        const alerts = followedUp({ type: 'DeviceRegistered', deviceId: event.data.deviceId });
        const next = remember({ ...track, pending: [] }, event.data.deviceId, config.knownDevicesPerAccountMax);
        return { state: state.set(accountId, next), alerts };
      }
      case 'WalletCharged': {
        if (live.length === 0) return unchanged(track.pending.length === 0 ? state : state.set(accountId, { ...track, pending: [] }));
        const { chargeId, deviceId, amount } = event.data;
        const alerts = followedUp({ type: 'WalletCharged', chargeId, deviceId, amount: { amount: amount.amount.toFixed(), currency: amount.currency } });
        return { state: state.set(accountId, { ...track, pending: [] }), alerts };
      }
      default:
        return unchanged(state);
    }
  },
  sweep: (config, state, watermarkMs) =>
    state.map((track) =>
      track.pending.length === 0 ? track : { ...track, pending: track.pending.filter((login) => watermarkMs - login.atMs <= config.followUpWindowMs) },
    ),
};
