// The bitemporal balance of one account, as the contract states it, and its naive reference fold.
//
// A question is (asOf, knownAt): only events with occurredAt <= asOf (valid time) and
// recordedAt <= knownAt (transaction time) count.
// - ledgerBalance: top-ups minus charges plus reversals, each reversal crediting at its own
//   occurredAt (so a reversal that occurred after asOf does not count yet).
// - correctedBalance: the same, but every charge whose reversal is KNOWN at knownAt (the reversal's
//   recordedAt <= knownAt) is treated as never having happened, and that reversal's credit is not
//   counted again.
// Decision: for "known at knownAt" only the reversal's recordedAt matters, never its occurredAt.
// The contract says "whose reversal is known at knownAt", a transaction-time condition; a
// correction is about what the ledger knows, and finance asks "what should the balance at asOf
// have been, given everything we know at knownAt". A reversal that occurred after asOf but is
// known still voids its charge at asOf. Consequently no reversal ever counts in correctedBalance.
//
// This file is pure: the reference fold keeps every fact and answers by a full scan. It is the
// definition the fast index (balance-index.ts) is tested against.
import type { LedgerEvent } from '../../domain/events.ts';
import type { ChargeId } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import { type Currency, type Money, add, subtract, zero } from '../../domain/money.ts';
import { unreachable } from '../../domain/rejections.ts';

type Stamped = Readonly<{ amount: Money; occurredAt: Instant; recordedAt: Instant }>;
export type BalanceFact =
  | (Stamped & Readonly<{ kind: 'top_up' }>)
  | (Stamped & Readonly<{ kind: 'charge'; chargeId: ChargeId }>)
  | (Stamped & Readonly<{ kind: 'reversal'; chargeId: ChargeId }>);

export type BalanceQuery = Readonly<{ asOf: Instant; knownAt: Instant }>;
export type Balances = Readonly<{ ledgerBalance: Money; correctedBalance: Money }>;

// The event types that move a balance or give the account its currency.
// A captured hold counts as a charge from its capture; holds themselves leave the ledger balance be.
export const balanceEventTypes = ['AccountOpened', 'WalletToppedUp', 'WalletCharged', 'HeldChargeCaptured', 'ChargeReversed'] as const;

export const balanceFactOf = (event: LedgerEvent, recordedAt: Instant): BalanceFact | undefined => {
  switch (event.type) {
    case 'WalletToppedUp':
      return { kind: 'top_up', amount: event.data.amount, occurredAt: event.data.occurredAt, recordedAt };
    case 'WalletCharged':
      return { kind: 'charge', chargeId: event.data.chargeId, amount: event.data.amount, occurredAt: event.data.occurredAt, recordedAt };
    case 'HeldChargeCaptured':
      return { kind: 'charge', chargeId: event.data.chargeId, amount: event.data.amount, occurredAt: event.data.occurredAt, recordedAt };
    case 'ChargeReversed':
      return { kind: 'reversal', chargeId: event.data.chargeId, amount: event.data.amount, occurredAt: event.data.occurredAt, recordedAt };
    case 'AccountOpened':
    case 'DeviceRegistered':
    case 'DeviceVerified':
    case 'DeviceRemoved':
    case 'LoginRecorded':
    case 'ChargeDeclined':
    case 'AccountFrozen':
    case 'AccountUnfrozen':
    case 'ChargeHeld':
    case 'HoldVoided':
    case 'HoldExpired':
      return undefined;
    default:
      return unreachable(event);
  }
};

export type ReferenceState = Readonly<{ currency: Currency | undefined; facts: ReadonlyArray<BalanceFact> }>;

export const referenceInitial: ReferenceState = { currency: undefined, facts: [] };

// The fold, in arrival (global position) order. Copies the fact list: for tests and baselines only.
export const referenceEvolve = (state: ReferenceState, event: LedgerEvent, recordedAt: Instant): ReferenceState => {
  if (event.type === 'AccountOpened') return { ...state, currency: event.data.currency };
  const fact = balanceFactOf(event, recordedAt);
  return fact === undefined ? state : { ...state, facts: [...state.facts, fact] };
};

const counts = (fact: BalanceFact, query: BalanceQuery): boolean =>
  fact.occurredAt <= query.asOf && fact.recordedAt <= query.knownAt;

const signed = (balance: Money, fact: BalanceFact): Money =>
  fact.kind === 'charge' ? subtract(balance, fact.amount) : add(balance, fact.amount);

// undefined when the account was never opened.
export const referenceBalance = (state: ReferenceState, query: BalanceQuery): Balances | undefined => {
  if (state.currency === undefined) return undefined;
  const knownReversals = new Set(
    state.facts.flatMap((fact) => (fact.kind === 'reversal' && fact.recordedAt <= query.knownAt ? [fact.chargeId] : [])),
  );
  let ledgerBalance = zero(state.currency);
  let correctedBalance = zero(state.currency);
  for (const fact of state.facts) {
    if (!counts(fact, query)) continue;
    ledgerBalance = signed(ledgerBalance, fact);
    const voided = fact.kind === 'reversal' || (fact.kind === 'charge' && knownReversals.has(fact.chargeId));
    if (!voided) correctedBalance = signed(correctedBalance, fact);
  }
  return { ledgerBalance, correctedBalance };
};
