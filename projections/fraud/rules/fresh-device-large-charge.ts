// Rule fresh-device-large-charge (see fraud-rules.ts): the 7pay pattern's last step, a phone
// registered and verified minutes ago buying resale goods. Devices older than the window are
// forgotten, so the state holds only the devices of the last windowMs.
import { Map as ImmutableMap } from 'immutable';
import type { AccountId, DeviceId } from '../../../domain/ids.ts';
import type { Instant } from '../../../domain/instant.ts';
import { LedgerDecimal, formatAmount } from '../../../domain/money.ts';
import { makeAlert } from '../fraud-alert.ts';
import type { FreshDeviceLargeChargeRule } from '../fraud-rules.ts';
import { type Rule, unchanged } from './rule.ts';

type FreshDevice = Readonly<{ registeredAt: Instant; registeredMs: number; position: bigint; verifiedAt?: Instant }>;
export type FreshDeviceState = ImmutableMap<string, FreshDevice>;

const keyOf = (accountId: AccountId, deviceId: DeviceId): string => `${accountId}\u0000${deviceId}`;

export const freshDeviceLargeCharge: Rule<FreshDeviceLargeChargeRule, FreshDeviceState> = {
  name: 'fresh-device-large-charge',
  initial: () => ImmutableMap(),
  step: (config, state, event, context) => {
    switch (event.type) {
      case 'DeviceRegistered': {
        const fresh: FreshDevice = { registeredAt: context.occurredAt, registeredMs: context.atMs, position: context.position };
        return unchanged(state.set(keyOf(event.data.accountId, event.data.deviceId), fresh));
      }
      case 'DeviceVerified': {
        const key = keyOf(event.data.accountId, event.data.deviceId);
        const fresh = state.get(key);
        return unchanged(fresh === undefined ? state : state.set(key, { ...fresh, verifiedAt: context.occurredAt }));
      }
      case 'DeviceRemoved':
        return unchanged(state.delete(keyOf(event.data.accountId, event.data.deviceId)));
      case 'WalletCharged': {
        const { accountId, deviceId, amount, chargeId } = event.data;
        const fresh = state.get(keyOf(accountId, deviceId));
        const threshold = config.amountMinByCurrency[amount.currency];
        if (fresh?.verifiedAt === undefined || threshold === undefined) return unchanged(state);
        const sinceRegisteredMs = context.atMs - fresh.registeredMs;
        if (sinceRegisteredMs < 0 || sinceRegisteredMs > config.windowMs) return unchanged(state);
        if (amount.amount.lessThan(new LedgerDecimal(threshold))) return unchanged(state);
        const alert = makeAlert('fresh-device-large-charge', accountId, context.occurredAt, context.position, {
          deviceId,
          registered: { occurredAt: fresh.registeredAt, position: fresh.position.toString() },
          verifiedAt: fresh.verifiedAt,
          charge: { chargeId, amount: formatAmount(amount), currency: amount.currency, position: context.position.toString() },
          minutesAfterRegistration: Math.round(sinceRegisteredMs / 60_000),
        });
        return { state, alerts: [alert] };
      }
      default:
        return unchanged(state);
    }
  },
  sweep: (config, state, watermarkMs) => state.filter((fresh) => watermarkMs - fresh.registeredMs <= config.windowMs),
};
