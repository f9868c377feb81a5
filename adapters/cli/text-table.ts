// Plain aligned text tables for terminals: a header, a rule, one line per row. Columns marked
// numeric are right-aligned so amounts line up on their last digit.
export type Column = Readonly<{ title: string; numeric?: boolean }>;

export const textTable = (columns: ReadonlyArray<Column>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = columns.map((column, i) => Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string>): string =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return column.numeric === true ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.title)), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)]
    .map((text) => `${text}\n`)
    .join('');
};
