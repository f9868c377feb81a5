// What one `incident run` did, as opposed to what the incident comprises: the HTTP answer (and the
// CLI's `charges`/`total` lines) give the incident's charges, the same on every re-run; an operator
// re-running it must also see that this run reversed nothing new. Counted from the run's own
// per-charge outcomes (adapters/incidents/reverse-charge.ts).
import { type Money, totalsByCurrency } from '../../domain/money.ts';
import type { ReversalOutcome } from '../incidents/reverse-charge.ts';

export type RunTally = Readonly<{
  // Reversed by this run.
  reversed: number;
  reversedTotal: Readonly<Record<string, string>>;
  // Reversed by an earlier run of the same incident: nothing appended now.
  alreadyReversed: number;
  // Reversed before by other means (e.g. support by hand): not the incident's.
  reversedByOtherMeans: number;
}>;

export type Tally = Readonly<{ add: (outcome: ReversalOutcome, amount: Money) => void; result: () => RunTally }>;

export const createTally = (): Tally => {
  const amounts: Money[] = [];
  let alreadyReversed = 0;
  let reversedByOtherMeans = 0;
  return {
    add: (outcome, amount) => {
      switch (outcome) {
        case 'reversed':
          amounts.push(amount);
          return;
        case 'already_reversed_by_incident':
          alreadyReversed += 1;
          return;
        case 'reversed_by_other_means':
          reversedByOtherMeans += 1;
          return;
        default: {
          const never: never = outcome;
          return never;
        }
      }
    },
    result: () => ({ reversed: amounts.length, reversedTotal: totalsByCurrency(amounts), alreadyReversed, reversedByOtherMeans }),
  };
};

const totals = (total: Readonly<Record<string, string>>): string =>
  Object.entries(total).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || 'nothing';

export const tallyText = (tally: RunTally): string =>
  `this run: reversed ${tally.reversed} charges (${totals(tally.reversedTotal)}); ` +
  `${tally.alreadyReversed} already reversed by this incident; ${tally.reversedByOtherMeans} reversed before by other means (not the incident's)`;

// For the progress bar while the run goes on.
export const tallyNote = (tally: RunTally, done: number, total: number): string =>
  `checked ${done}/${total}: reversed ${tally.reversed} now, ${tally.alreadyReversed} already, ${tally.reversedByOtherMeans} by other means`;
