// evolve: total and non-mutating. An event that cannot follow the state is a broken invariant of
// the store (decide never produces it), so it throws loudly rather than being skipped.
import { Map as ImmutableMap } from 'immutable';
import type { LedgerEvent } from './events.ts';
import type { DeviceId } from './ids.ts';
import { accountFingerprint, chargeEventFingerprint, deviceFingerprint, loginFingerprint, reversalFingerprint, topUpEventFingerprint } from './fingerprint.ts';
import { add, isNegative, subtract, zero } from './money.ts';
import { chargeHeld, heldChargeCaptured, holdExpired, holdVoided } from './evolve-holds.ts';
import { epochMsOf } from './instant.ts';
import { unreachable } from './rejections.ts';
import { foreignLoginsKeptMax } from './step-up.ts';
import type { AccountState, DeviceState, ForeignLogin, OpenAccountState, Recorded } from './state.ts';

// An assertion function: after it, TypeScript knows the condition holds (no casts needed).
function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`ledger invariant broken: ${message}`);
}

const openState = (state: AccountState, event: LedgerEvent): OpenAccountState => {
  invariant(state.status === 'open', `${event.type} on an account that was never opened`);
  return state;
};

const updateDevice = (
  state: OpenAccountState,
  deviceId: DeviceId,
  update: (device: DeviceState | undefined) => DeviceState,
): OpenAccountState => ({ ...state, devices: state.devices.set(deviceId, update(state.devices.get(deviceId))) });

// Newest first by occurredAt, at most foreignLoginsKeptMax: a login recorded late takes its place.
const keepForeignLogin = (kept: ReadonlyArray<ForeignLogin> | undefined, login: ForeignLogin): ReadonlyArray<ForeignLogin> => {
  const all = [...(kept ?? []), login].sort((a, b) => b.occurredAtMs - a.occurredAtMs);
  return all.slice(0, foreignLoginsKeptMax);
};

export const evolve = (state: AccountState, event: LedgerEvent): AccountState => {
  const recorded = (fingerprint: string): Recorded => ({ fingerprint, revision: state.version });
  const next = { version: state.version + 1 };
  switch (event.type) {
    case 'AccountOpened': {
      invariant(state.status === 'none', 'AccountOpened on an open account');
      const { accountId, currency, homeCountry, occurredAt } = event.data;
      return {
        status: 'open',
        accountId,
        currency,
        homeCountry,
        opened: recorded(accountFingerprint(currency, homeCountry, occurredAt)),
        balance: zero(currency),
        held: zero(currency),
        devices: ImmutableMap(),
        charges: ImmutableMap(),
        topUps: ImmutableMap(),
        logins: ImmutableMap(),
        ...next,
      };
    }
    case 'DeviceRegistered': {
      const registered = recorded(deviceFingerprint(event.data.occurredAt));
      return {
        ...updateDevice(openState(state, event), event.data.deviceId, (device) => {
          invariant(device === undefined || device.status === 'removed', 'DeviceRegistered for a device already registered');
          return { status: 'registered', registered };
        }),
        ...next,
      };
    }
    case 'DeviceVerified': {
      const verified = recorded(deviceFingerprint(event.data.occurredAt, event.data.method));
      return {
        ...updateDevice(openState(state, event), event.data.deviceId, (device) => {
          invariant(device !== undefined && device.status !== 'removed', 'DeviceVerified for a device not registered');
          return { ...device, status: 'verified', verified, verifiedAtMs: epochMsOf(event.data.occurredAt) };
        }),
        ...next,
      };
    }
    case 'DeviceRemoved': {
      const removed = recorded(deviceFingerprint(event.data.occurredAt));
      return {
        ...updateDevice(openState(state, event), event.data.deviceId, (device) => {
          invariant(device !== undefined && device.status !== 'removed', 'DeviceRemoved for a device not registered');
          return { ...device, status: 'removed', removed };
        }),
        ...next,
      };
    }
    case 'LoginRecorded': {
      const open = openState(state, event);
      const logins = open.logins.set(event.data.loginId, recorded(loginFingerprint(event.data)));
      const foreign = event.data.outcome === 'succeeded' && event.data.country !== open.homeCountry;
      if (!foreign) return { ...open, logins, ...next };
      const login = { occurredAtMs: epochMsOf(event.data.occurredAt), deviceId: event.data.deviceId };
      return { ...open, logins, foreignLogins: keepForeignLogin(open.foreignLogins, login), ...next };
    }
    case 'WalletToppedUp': {
      const open = openState(state, event);
      // The pair of decide's idempotency check: a top-up id credits the wallet once.
      invariant(!open.topUps.has(event.data.topUpId), `second top-up ${event.data.topUpId}`);
      return {
        ...open,
        balance: add(open.balance, event.data.amount),
        topUps: open.topUps.set(event.data.topUpId, recorded(topUpEventFingerprint(event.data))),
        ...next,
      };
    }
    case 'WalletCharged': {
      const open = openState(state, event);
      invariant(!open.charges.has(event.data.chargeId), `second charge or charge after a decline ${event.data.chargeId}`);
      const balance = subtract(open.balance, event.data.amount);
      // The pair of decide's funds check: an overdraft (of the available balance, what open holds
      // leave) must never be reached by a fold.
      invariant(!isNegative(subtract(balance, open.held)), `charge ${event.data.chargeId} overdraws account ${open.accountId}`);
      const { chargeId, amount, deviceId, occurredAt } = event.data;
      const charge = { recorded: recorded(chargeEventFingerprint(event.data)), amount, deviceId, occurredAt };
      return { ...open, balance, charges: open.charges.set(chargeId, charge), ...next };
    }
    case 'ChargeDeclined': {
      const open = openState(state, event);
      const { chargeId, amount, deviceId, occurredAt, rejection, stepUpReasons } = event.data;
      if (open.charges.has(chargeId)) return { ...open, ...next };
      const charge = {
        recorded: recorded(chargeEventFingerprint(event.data)), amount, deviceId, occurredAt, declined: rejection,
        ...(stepUpReasons === undefined ? {} : { declinedStepUpReasons: stepUpReasons }),
      };
      return { ...open, charges: open.charges.set(chargeId, charge), ...next };
    }
    case 'ChargeReversed': {
      const open = openState(state, event);
      const charge = open.charges.get(event.data.chargeId);
      invariant(charge !== undefined && charge.declined === undefined, `reversal of unknown charge ${event.data.chargeId}`);
      invariant(charge.reversal === undefined, `second reversal of charge ${event.data.chargeId}`);
      invariant(charge.amount.amount.equals(event.data.amount.amount), 'reversal amount differs from the charge');
      const reversal = recorded(reversalFingerprint(event.data));
      return {
        ...open,
        balance: add(open.balance, event.data.amount),
        charges: open.charges.set(event.data.chargeId, { ...charge, reversal }),
        ...next,
      };
    }
    case 'ChargeHeld':
      return { ...chargeHeld(openState(state, event), event.data, recorded), ...next };
    case 'HeldChargeCaptured':
      return { ...heldChargeCaptured(openState(state, event), event.data, recorded), ...next };
    case 'HoldVoided':
      return { ...holdVoided(openState(state, event), event.data, recorded), ...next };
    case 'HoldExpired':
      return { ...holdExpired(openState(state, event), event.data, recorded), ...next };
    case 'AccountFrozen': {
      const open = openState(state, event);
      const frozen = recorded(JSON.stringify([event.data.reason, event.data.occurredAt]));
      const alertId = event.data.alertId;
      const alertFreezes = alertId === undefined ? open.alertFreezes : (open.alertFreezes ?? ImmutableMap()).set(alertId, frozen);
      return { ...open, frozen, ...(alertFreezes === undefined ? {} : { alertFreezes }), ...next };
    }
    case 'AccountUnfrozen': {
      const open = openState(state, event);
      const { frozen: _wasFrozen, ...rest } = open;
      return { ...rest, lastUnfrozen: recorded(JSON.stringify([event.data.reason, event.data.occurredAt])), ...next };
    }
    default:
      return unreachable(event);
  }
};

export const fold = (events: Iterable<LedgerEvent>, from: AccountState): AccountState => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};
