// The state of one account, folded from its events. Collections are persistent (Immutable.js), so
// evolve never mutates and still costs O(log n) per event on accounts with millions of events.
import { Map as ImmutableMap } from 'immutable';
import type { AccountId, AlertId, ChargeId, CountryCode, DeviceId, LoginId, Text, TopUpId } from './ids.ts';
import type { Fingerprint } from './fingerprint.ts';
import type { Instant } from './instant.ts';
import type { Currency, Money } from './money.ts';
import type { RejectionCode } from './rejection-code.ts';

// Where an earlier command's outcome was recorded: the revision of its event in the stream.
export type Recorded = Readonly<{ fingerprint: Fingerprint; revision: number }>;

export type DeviceState = Readonly<{
  status: 'registered' | 'verified' | 'removed';
  registered: Recorded;
  verified?: Recorded;
  // When its latest verification occurred, in epoch ms (step-up's device-verified-recently compares
  // it with each charge: a number, not a date to parse again per charge).
  verifiedAtMs?: number;
  removed?: Recorded;
}>;

export type ForeignLogin = Readonly<{ occurredAtMs: number; deviceId: DeviceId }>;

export type HoldSettlement = 'captured' | 'voided' | 'expired';

// A two-phase charge. Open while `settled` is absent; `amount` of its ChargeState is the held
// amount until a capture, then the captured one.
export type HoldState = Readonly<{
  expiresAt: Instant;
  heldAmount: Money;
  stepUpReasons?: ReadonlyArray<Text>;
  settled?: Readonly<{ kind: HoldSettlement; recorded: Recorded }>;
}>;

export type ChargeState = Readonly<{
  recorded: Recorded;
  amount: Money;
  deviceId: DeviceId;
  occurredAt: Instant;
  // Set when the charge was refused: a retry with the same id answers the same rejection.
  declined?: RejectionCode;
  // Declined for step_up_required: the rules it tripped, answered again on a retry.
  declinedStepUpReasons?: ReadonlyArray<Text>;
  reversal?: Recorded;
  hold?: HoldState;
}>;

export type OpenAccountState = Readonly<{
  status: 'open';
  accountId: AccountId;
  currency: Currency;
  homeCountry: CountryCode;
  opened: Recorded;
  // The ledger balance: charges count from their capture.
  balance: Money;
  // The sum of open holds; balance - held is what a charge or hold may still spend.
  held: Money;
  frozen?: Recorded;
  lastUnfrozen?: Recorded;
  // The fraud alerts that froze the account, each once: an auto-freeze for an alert that already
  // froze it (another instance's, or a retry after an unfreeze) is the original freeze, replayed.
  alertFreezes?: ImmutableMap<AlertId, Recorded>;
  devices: ImmutableMap<DeviceId, DeviceState>;
  charges: ImmutableMap<ChargeId, ChargeState>;
  topUps: ImmutableMap<TopUpId, Recorded>;
  logins: ImmutableMap<LoginId, Recorded>;
  // The latest successful logins from a country other than homeCountry (at most
  // foreignLoginsKeptMax, newest first by occurredAt): step-up's foreign-login-recently.
  foreignLogins?: ReadonlyArray<ForeignLogin>;
  // Number of events folded so far; the next event's revision.
  version: number;
}>;

export type AccountState = Readonly<{ status: 'none'; version: number }> | OpenAccountState;

export const initialState = (): AccountState => ({ status: 'none', version: 0 });
