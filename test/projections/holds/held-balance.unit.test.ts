import { describe, expect, it } from 'vitest';
import { formatAmount, money } from '../../../domain/money.ts';
import { type HoldRecord, heldAt } from '../../../projections/holds/held-balance.ts';
import { amount, at } from '../../domain/fixtures.ts';

const stamp = (occurred: string, recorded: string) => ({ occurredAt: at(`2024-05-01T${occurred}Z`), recordedAt: at(`2024-05-01T${recorded}Z`) });
const holds: ReadonlyArray<HoldRecord> = [
  // Held at 10:00 (recorded 10:00), captured at 11:00 (recorded 12:00).
  { amount: money(amount('600'), 'JPY'), held: stamp('10:00:00', '10:00:00'), settled: stamp('11:00:00', '12:00:00') },
  // Held at 10:30 but recorded only at 13:00 (late), still open.
  { amount: money(amount('50'), 'JPY'), held: stamp('10:30:00', '13:00:00') },
];
const held = (asOf: string, knownAt: string) => formatAmount(heldAt(holds, 'JPY', at(`2024-05-01T${asOf}Z`), at(`2024-05-01T${knownAt}Z`)));

describe('held balance as of T, as known at K', () => {
  it.each([
    ['09:00:00', '23:00:00', '0'],
    ['10:00:00', '23:00:00', '600'],
    ['10:45:00', '23:00:00', '650'],
    ['10:45:00', '12:30:00', '600'],
    ['11:00:00', '23:00:00', '50'],
    ['11:30:00', '11:30:00', '600'],
    ['11:30:00', '12:00:00', '0'],
  ])('as of %s known at %s: %s', (asOf, knownAt, expected) => {
    expect(held(asOf, knownAt)).toBe(expected);
  });
});
