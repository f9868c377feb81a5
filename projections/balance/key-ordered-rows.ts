// Rows of a bulk insert into a WITHOUT ROWID table, buffered and written in primary-key order (the
// first two columns). The balance index's points and charges arrive in the store's order, which
// interleaves every account: inserted as they come, each row lands on another leaf page of the
// B-tree, far more pages than SQLite's cache holds, so most inserts read and write a page of their
// own. Sorted, an account's rows of the buffer go onto one or two neighbouring pages.
// Memory: at most rowsMax buffered rows (on 1,000,000 events of 1,000 accounts, with one-second
// transactions: 16,384 rows took 13.1 s of CPU, 65,536 took 11.6 s and 23 MiB more at the peak).
import { bulkRowsPerInsert } from './sqlite-balance-statements.ts';

export type KeyedRow = ReadonlyArray<bigint | number | string>;
type Insert = (rowCount: number) => { run: (values: unknown[]) => unknown };

export const keyOrderedRowsMaxDefault = 32_768;

const compareValues = (left: KeyedRow[number] | undefined, right: KeyedRow[number] | undefined): number =>
  left === right || left === undefined || right === undefined ? 0 : left < right ? -1 : 1;

export const byPrimaryKey = (left: KeyedRow, right: KeyedRow): number =>
  compareValues(left[0], right[0]) || compareValues(left[1], right[1]);

export const keyOrderedRows = (insert: Insert, rowsMax = keyOrderedRowsMaxDefault) => {
  if (!Number.isSafeInteger(rowsMax) || rowsMax < 1) throw new RangeError('key-ordered rows: rowsMax must be a positive integer');
  let rows: KeyedRow[] = [];
  const write = (): void => {
    const sorted = rows.sort(byPrimaryKey);
    rows = [];
    for (let from = 0; from < sorted.length; from += bulkRowsPerInsert) {
      const group = sorted.slice(from, from + bulkRowsPerInsert);
      insert(group.length).run(group.flat());
    }
  };
  return {
    add: (row: KeyedRow): void => {
      rows.push(row);
      if (rows.length >= rowsMax) write();
    },
    // Writes every buffered row (before a read of the table, and at the end of a transaction).
    write,
  };
};
