// The running balances of `history` when several rows share one occurredAt (an incident reverses
// an account's charges at one instant; a batch of top-ups): the balance index answers per instant,
// so every row of the instant would show the balance after the last of them, and the column would
// jump. Each row must show the balance after that row: the instant's balance minus what the rows
// after it, at the same instant, moved. What a row moves follows the contract's two balances
// (projections/balance/bitemporal-balance.ts): in the ledger balance a top-up and a reversal
// credit, a charge debits; in the corrected balance a charge whose reversal is known moved
// nothing, and no reversal counts.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { InstantCodec } from '../../domain/instant.ts';
import { type Money, add, subtract, zero } from '../../domain/money.ts';
import type { ChargeId } from '../../domain/ids.ts';
import { balanceFactOf } from '../../projections/balance/bitemporal-balance.ts';
import { toLedgerEvent } from '../event-store/ledger-events.ts';

export type RowBalances = Readonly<{ ledgerBalance: Money; correctedBalance: Money }>;
type Movement = Readonly<{ ledger: Money; corrected: Money }> | undefined;

const movementOf = (event: StoredEvent, reversedKnown: ReadonlySet<ChargeId>): Movement => {
  if (!InstantCodec.is(event.recordedAt)) return undefined;
  const fact = balanceFactOf(toLedgerEvent(event), event.recordedAt);
  if (fact === undefined) return undefined;
  const none = zero(fact.amount.currency);
  switch (fact.kind) {
    case 'top_up':
      return { ledger: fact.amount, corrected: fact.amount };
    case 'charge': {
      const debit = subtract(none, fact.amount);
      return { ledger: debit, corrected: reversedKnown.has(fact.chargeId) ? none : debit };
    }
    case 'reversal':
      return { ledger: fact.amount, corrected: none };
    default: {
      const never: never = fact;
      return never;
    }
  }
};

// rows: the listed events in valid-time order; atInstant: each row's balances as of its own
// occurredAt (the index's answer); known: every known event of the account (for known reversals).
export const balancesAfterEachRow = (
  rows: ReadonlyArray<StoredEvent>, atInstant: ReadonlyArray<RowBalances | undefined>, known: ReadonlyArray<StoredEvent>,
): ReadonlyArray<RowBalances | undefined> => {
  const reversedKnown = new Set<ChargeId>();
  for (const event of known) {
    if (event.type !== 'ChargeReversed') continue;
    const fact = InstantCodec.is(event.recordedAt) ? balanceFactOf(toLedgerEvent(event), event.recordedAt) : undefined;
    if (fact?.kind === 'reversal') reversedKnown.add(fact.chargeId);
  }
  const result = [...atInstant];
  // From the last row back: undo, row by row, what the later rows of the same instant moved.
  let later: Readonly<{ ledger: Money; corrected: Money }> | undefined;
  for (let index = rows.length - 1; index >= 0; index -= 1) {
    const row = rows[index];
    const next = rows[index + 1];
    const balances = atInstant[index];
    if (row === undefined || balances === undefined) continue;
    if (next === undefined || next.occurredAt !== row.occurredAt) later = undefined;
    if (later !== undefined) {
      result[index] = { ledgerBalance: subtract(balances.ledgerBalance, later.ledger), correctedBalance: subtract(balances.correctedBalance, later.corrected) };
    }
    const moved = movementOf(row, reversedKnown);
    if (moved !== undefined) later = later === undefined ? moved : { ledger: add(later.ledger, moved.ledger), corrected: add(later.corrected, moved.corrected) };
  }
  return result;
};
