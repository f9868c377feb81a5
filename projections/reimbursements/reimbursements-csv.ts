// The CSV form of GET /v1/incidents/{id}/reimbursements (Accept: text/csv). Ids may start with
// '-' (and a spreadsheet would read "-1+2" or "=HYPERLINK(...)" as a formula), so, as OWASP's
// CSV-injection advice says, every cell starting with = + - @ tab or carriage return is prefixed
// with a single quote, which spreadsheets show as text. Amounts are positive, so never touched.
import { stringify } from 'csv-stringify/sync';

// Structural, so the HTTP and CLI forms of a report both fit.
type CsvRows = Readonly<{ rows: ReadonlyArray<Readonly<{ accountId: string; currency: string; charges: number; amount: string }>> }>;

export const reimbursementsCsvHeader = ['accountId', 'currency', 'charges', 'amount'] as const;

const formulaStart = /^[=+\-@\t\r]/;

export const neutralizeCell = (cell: string): string => (formulaStart.test(cell) ? `'${cell}` : cell);

export const reimbursementsCsv = (reimbursements: CsvRows): string =>
  stringify(
    reimbursements.rows.map((row) => [neutralizeCell(row.accountId), neutralizeCell(row.currency), String(row.charges), neutralizeCell(row.amount)]),
    { header: true, columns: [...reimbursementsCsvHeader], delimiter: ',', quote: '"', record_delimiter: 'unix' },
  );
