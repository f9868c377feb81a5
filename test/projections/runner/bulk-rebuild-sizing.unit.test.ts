// The transactions of a bulk pass from a projection's own source are sized by time: fast ones grow
// (at most doubling), slow ones shrink (at most halving), never below one store page of events nor
// above the bound the caller gave.
import { describe, expect, it } from 'vitest';
import { nextSourceTransactionEvents } from '../../../projections/runner/bulk-rebuild.ts';

describe('nextSourceTransactionEvents', () => {
  it.each([
    ['a fast transaction doubles', 1_000, 5, 2_000],
    ['up to the bound', 40_000, 5, 50_000],
    ['a little under the target grows in proportion', 4_000, 40, 5_000],
    ['a slow one halves', 8_000, 400, 4_000],
    ['never below one page', 1_000, 400, 1_000],
    ['an instant one doubles', 1_000, 0, 2_000],
  ])('%s', (_, events, tookMs, next) => {
    expect(nextSourceTransactionEvents(events, tookMs, 50, 50_000)).toBe(next);
  });

  it('keeps within a bound smaller than a page', () => {
    expect(nextSourceTransactionEvents(10, 1, 50, 10)).toBe(10);
    expect(nextSourceTransactionEvents(7, 1_000, 50, 10)).toBe(10);
  });
});
