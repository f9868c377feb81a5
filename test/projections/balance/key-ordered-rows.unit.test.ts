import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KeyedRow, byPrimaryKey, keyOrderedRows } from '../../../projections/balance/key-ordered-rows.ts';
import { bulkRowsPerInsert } from '../../../projections/balance/sqlite-balance-statements.ts';

// A fake INSERT of n rows of three columns: records each run's rows, checking the values fit n.
const recordingInsert = () => {
  const runs: KeyedRow[][] = [];
  const insert = (rowCount: number) => ({
    run: (values: unknown[]) => {
      expect(values).toHaveLength(rowCount * 3);
      const rows: KeyedRow[] = [];
      for (let at = 0; at < values.length; at += 3) rows.push(values.slice(at, at + 3) as KeyedRow);
      runs.push(rows);
    },
  });
  return { runs, insert };
};

// Rows keyed (account key, seq or charge id) as the balance index's are, in any arrival order.
const rows = fc.array(
  fc.tuple(fc.bigInt({ min: 1n, max: 6n }), fc.oneof(fc.nat(500), fc.stringMatching(/^[a-z0-9-]{1,6}$/)), fc.nat()),
  { maxLength: 300 },
);

describe('keyOrderedRows', () => {
  it('writes every row once, each write in primary-key order, at most bulkRowsPerInsert rows per statement', () => {
    fc.assert(fc.property(rows, fc.integer({ min: 1, max: 200 }), (added, rowsMax) => {
      const { runs, insert } = recordingInsert();
      const buffer = keyOrderedRows(insert, rowsMax);
      let written = 0;
      for (const row of added) {
        buffer.add(row);
        written += 1;
        // Never more than rowsMax rows held back.
        expect(written - runs.flat().length).toBeLessThan(rowsMax);
      }
      buffer.write();
      const all = runs.flat();
      expect(all).toHaveLength(added.length);
      expect([...all].sort(byPrimaryKey)).toEqual([...added].sort(byPrimaryKey));
      for (const run of runs) expect(run.length).toBeLessThanOrEqual(bulkRowsPerInsert);
      // Within one buffer's write (rowsMax rows), rows follow the key order.
      for (let from = 0; from < all.length; from += rowsMax) {
        const chunk = all.slice(from, from + rowsMax);
        expect(chunk).toEqual([...chunk].sort(byPrimaryKey));
      }
    }), { seed: 12, numRuns: 200 });
  });

  it('orders by the first column, then the second, numbers and strings alike', () => {
    const { runs, insert } = recordingInsert();
    const buffer = keyOrderedRows(insert, 10);
    for (const row of [[2n, 1, 0], [1n, 'b', 0], [1n, 'a', 1], [2n, 0, 2]] as const) buffer.add(row);
    buffer.write();
    expect(runs.flat()).toEqual([[1n, 'a', 1], [1n, 'b', 0], [2n, 0, 2], [2n, 1, 0]]);
  });

  it('refuses a buffer of no rows', () => {
    expect(() => keyOrderedRows(recordingInsert().insert, 0)).toThrow(RangeError);
  });
});
