// The shape every fraud rule has: its own state, a pure step over one ledger event, and a sweep
// that drops what has aged out of every window (so the detector's memory stays bounded). A step
// never relies on the sweep for correctness: it ignores expired entries itself.
import type { LedgerEvent } from '../../../domain/events.ts';
import type { Instant } from '../../../domain/instant.ts';
import type { FraudAlert } from '../../../domain/alerts/fraud-alert-raised.ts';
import type { FraudRuleName } from '../../../domain/alerts/fraud-rule-name.ts';

export type EventContext = Readonly<{ position: bigint; occurredAt: Instant; atMs: number }>;

export type RuleOutcome<S> = Readonly<{ state: S; alerts: ReadonlyArray<FraudAlert> }>;

export type Rule<C, S> = Readonly<{
  name: FraudRuleName;
  initial: () => S;
  step: (config: C, state: S, event: LedgerEvent, context: EventContext) => RuleOutcome<S>;
  sweep: (config: C, state: S, watermarkMs: number) => S;
}>;

export const unchanged = <S>(state: S): RuleOutcome<S> => ({ state, alerts: [] });

// Keeps the last `max` items of a list (the newest are at the end).
export const lastItems = <T>(items: ReadonlyArray<T>, max: number): ReadonlyArray<T> =>
  items.length <= max ? items : items.slice(items.length - max);
