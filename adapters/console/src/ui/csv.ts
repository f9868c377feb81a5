// CSV text (RFC 4180 quoting, CRLF lines), made in the browser from rows it already holds.
const quoted = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

export const csvOf = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [header, ...rows].map((row) => row.map(quoted).join(',')).join('\r\n') + '\r\n';
