// Step-up: the risk checks a charge passes before it may move money at once. They run inside
// decide, against the account's own state (when the charging device was verified, the account's
// recent logins from abroad, the amount), so the verdict is part of the decision, not an alert
// after it. The rules arrive on the command as data (the server reads them once from a file).
//
// Each time window is judged twice: from the charge's occurredAt (the client's clock) and from the
// ledger's clock when it decides (`ledgerTime`), and trips if either is inside it. A client's clock
// alone would let a caller that sends a skewed occurredAt (hours ahead of a fresh verification, or
// before a foreign login) step past the rules; an honest client's two clocks agree.
//
// device-verified-recently: the charging device was verified less than withinMs before the charge.
// foreign-login-recently: a successful login from a country other than the account's home country
//   occurred in the withinMs before the charge (with sameDevice, a login of the charging device:
//   the holder's own phone at home is not challenged for a session someone opened abroad).
// amount-over-threshold: the amount is above amountMaxByCurrency[the account's currency] (a
//   currency left out is never flagged by it).
import type Decimal from 'decimal.js';
import * as t from 'io-ts';
import { type DeviceId, Text } from './ids.ts';
import { type Instant, epochMsOf } from './instant.ts';
import type { Currency } from './money.ts';
import type { OpenAccountState } from './state.ts';

export const StepUpRuleName = t.keyof({ 'device-verified-recently': null, 'foreign-login-recently': null, 'amount-over-threshold': null });
export type StepUpRuleName = t.TypeOf<typeof StepUpRuleName>;
export const stepUpRuleNames: ReadonlyArray<StepUpRuleName> = ['device-verified-recently', 'foreign-login-recently', 'amount-over-threshold'];

// A rule absent from the set is off; an empty set flags nothing.
export type StepUpRules = Readonly<{
  'device-verified-recently'?: Readonly<{ withinMs: number }>;
  'foreign-login-recently'?: Readonly<{ withinMs: number; sameDevice: boolean }>;
  'amount-over-threshold'?: Readonly<{ amountMaxByCurrency: Readonly<Partial<Record<Currency, Decimal>>> }>;
}>;

// What a charge command carries when step-up is on: the rules, whether the client can answer a
// step-up (it declared "stepUp": "supported"), the ledger's clock (a step-up hold's expiry), and
// how long a step-up hold waits for the holder (absent: a hold's 7-day default; a client's own
// holdExpiresAt with "capture": "manual" wins over both).
export type StepUpRequest = Readonly<{ rules: StepUpRules; supported: boolean; ledgerTime: Instant; holdExpiresAfterMs?: number }>;

// How many of an account's successful logins from abroad its state keeps (the latest by
// occurredAt): the check looks back hours, not the account's whole life.
export const foreignLoginsKeptMax = 8;

// The reasons as the events store them (Text), made once: rule names are valid Text.
const reasonText = (name: StepUpRuleName): Text => {
  if (!Text.is(name)) throw new Error(`step-up: rule name ${name} is not Text`);
  return name;
};
const reasons: Readonly<Record<StepUpRuleName, Text>> = {
  'device-verified-recently': reasonText('device-verified-recently'),
  'foreign-login-recently': reasonText('foreign-login-recently'),
  'amount-over-threshold': reasonText('amount-over-threshold'),
};

// ledgerTime: the ledger's clock at the decision (absent: judged at occurredAt alone).
export type StepUpCharge = Readonly<{ amount: Decimal; deviceId: DeviceId; occurredAt: Instant; ledgerTime?: Instant }>;

const none: ReadonlyArray<Text> = [];

const verifiedWithin = (verifiedAtMs: number, atMs: number, withinMs: number): boolean => atMs - verifiedAtMs < withinMs;

const foreignLoginWithin = (state: OpenAccountState, deviceId: DeviceId, atMs: number, rule: Readonly<{ withinMs: number; sameDevice: boolean }>): boolean => {
  // Newest first: once one is out of the window, every later entry is older still.
  for (const login of state.foreignLogins ?? []) {
    if (atMs - login.occurredAtMs >= rule.withinMs) return false;
    if (login.occurredAtMs <= atMs && (!rule.sameDevice || login.deviceId === deviceId)) return true;
  }
  return false;
};

// The instants a window is judged at: the charge's, and the ledger's when it differs.
const judgedAtMs = (charge: StepUpCharge): ReadonlyArray<number> => {
  const chargeMs = epochMsOf(charge.occurredAt);
  if (charge.ledgerTime === undefined) return [chargeMs];
  const ledgerMs = epochMsOf(charge.ledgerTime);
  return ledgerMs === chargeMs ? [chargeMs] : [chargeMs, ledgerMs];
};

// The rules the charge trips, in the order of stepUpRuleNames; empty: no step-up needed. The state
// keeps the times it compares as epoch ms: the dates are parsed once per charge, and only with a
// time rule on.
export const stepUpReasons = (rules: StepUpRules, charge: StepUpCharge, state: OpenAccountState): ReadonlyArray<Text> => {
  let flagged: Text[] | undefined;
  const flag = (name: StepUpRuleName): void => {
    flagged ??= [];
    flagged.push(reasons[name]);
  };
  const fresh = rules['device-verified-recently'];
  const foreign = rules['foreign-login-recently'];
  const atMs = fresh === undefined && foreign === undefined ? [] : judgedAtMs(charge);
  if (fresh !== undefined) {
    const verifiedAtMs = state.devices.get(charge.deviceId)?.verifiedAtMs;
    if (verifiedAtMs !== undefined && atMs.some((at) => verifiedWithin(verifiedAtMs, at, fresh.withinMs))) flag('device-verified-recently');
  }
  if (foreign !== undefined && atMs.some((at) => foreignLoginWithin(state, charge.deviceId, at, foreign))) flag('foreign-login-recently');
  const threshold = rules['amount-over-threshold']?.amountMaxByCurrency[state.currency];
  if (threshold !== undefined && charge.amount.greaterThan(threshold)) flag('amount-over-threshold');
  return flagged ?? none;
};
