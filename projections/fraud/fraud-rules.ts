// Every fraud rule and its thresholds, as data. A rule set is a plain value: the detector runs the
// rules present in it, the what-if mode runs any other set over past events, and tests pin the
// defaults below. Amounts are decimal strings per currency (compared with Decimal, never numbers);
// windows are in milliseconds of valid time (the events' occurredAt).
//
// foreign-login-new-device: a successful login from a country other than the account's home
//   country, on a device the account had not used before (never registered to it, never logged in
//   with it), followed within followUpWindowMs by a device registration or a charge on the account.
// shared-device: one device registered to, or successfully logging into, accountsMin or more
//   accounts within windowMs. Every account in the set is alerted once per device and window.
// velocity: on one account, more than chargeCountMax charges within windowMs, or (with at least
//   chargeCountMinForAmount charges, so that one big planned purchase is not enough) a total above
//   amountMaxByCurrency[currency]. The defaults fire on ¥190,000 in 40 minutes in a few charges and
//   stay quiet on everyday spending.
// impossible-travel: two successive located events of one account (a successful login located at
//   its country's centroid, a charge at a store of known location; see places.ts) farther apart
//   than distanceKmMin and needing a speed above speedKmPerHourMax. distanceKmMin absorbs the
//   imprecision of centroids (a Tokyo store is ~150 km from Japan's centroid).
// fresh-device-large-charge: a device registered and verified on an account, then used within
//   windowMs of its registration for a charge of at least amountMinByCurrency[currency].
import type { Currency } from '../../domain/money.ts';
import type { FraudRuleName } from '../../domain/alerts/fraud-rule-name.ts';


export type AmountsByCurrency = Readonly<Partial<Record<Currency, string>>>;

export type ForeignLoginNewDeviceRule = Readonly<{ followUpWindowMs: number; knownDevicesPerAccountMax: number }>;
export type SharedDeviceRule = Readonly<{ accountsMin: number; windowMs: number; accountsPerDeviceMax: number }>;
export type VelocityRule = Readonly<{
  windowMs: number;
  chargeCountMax: number;
  chargeCountMinForAmount: number;
  amountMaxByCurrency: AmountsByCurrency;
  chargesPerAccountMax: number;
}>;
export type ImpossibleTravelRule = Readonly<{ speedKmPerHourMax: number; distanceKmMin: number; placeMemoryMs: number }>;
export type FreshDeviceLargeChargeRule = Readonly<{ windowMs: number; amountMinByCurrency: AmountsByCurrency }>;

// A rule absent from the set is off.
export type FraudRules = Readonly<{
  'foreign-login-new-device'?: ForeignLoginNewDeviceRule;
  'shared-device'?: SharedDeviceRule;
  velocity?: VelocityRule;
  'impossible-travel'?: ImpossibleTravelRule;
  'fresh-device-large-charge'?: FreshDeviceLargeChargeRule;
}>;

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

export const defaultFraudRules: FraudRules = {
  'foreign-login-new-device': { followUpWindowMs: 6 * hourMs, knownDevicesPerAccountMax: 32 },
  'shared-device': { accountsMin: 3, windowMs: 24 * hourMs, accountsPerDeviceMax: 64 },
  velocity: {
    windowMs: hourMs,
    chargeCountMax: 10,
    chargeCountMinForAmount: 2,
    amountMaxByCurrency: { JPY: '100000', KRW: '1000000', USD: '1000.00', EUR: '1000.00', GBP: '800.00', CNY: '7000.00' },
    chargesPerAccountMax: 256,
  },
  // 900 km/h is an airliner's cruising speed: nobody travels faster between two payments.
  'impossible-travel': { speedKmPerHourMax: 900, distanceKmMin: 500, placeMemoryMs: 24 * hourMs },
  'fresh-device-large-charge': {
    windowMs: 30 * minuteMs,
    amountMinByCurrency: { JPY: '30000', KRW: '300000', USD: '300.00', EUR: '300.00', GBP: '250.00', CNY: '2000.00' },
  },
};

// Keeps only the named rules of a set (for what-if runs of a subset).
export const onlyRules = (rules: FraudRules, names: ReadonlyArray<FraudRuleName>): FraudRules =>
  Object.fromEntries(Object.entries(rules).filter(([name]) => (names as ReadonlyArray<string>).includes(name)));
