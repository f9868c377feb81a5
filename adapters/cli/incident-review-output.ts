// The CLI's forms of a dry run's review: every selected charge (not only the HTTP page) as an
// aligned table under the totals, or as CSV for a spreadsheet (formula-safe, like reimbursements).
import { stringify } from 'csv-stringify/sync';
import type { ReviewedCharge } from '../../projections/incidents/incident-review.ts';
import { neutralizeCell } from '../../projections/reimbursements/reimbursements-csv.ts';
import { textTable } from './text-table.ts';

export const reviewCsvHeader = ['accountId', 'chargeId', 'amount', 'currency', 'occurredAt', 'deviceId'] as const;

const cells = (charge: ReviewedCharge): ReadonlyArray<string> =>
  [charge.accountId, charge.chargeId, charge.amount, charge.currency, charge.occurredAt, charge.deviceId];

export const reviewTable = (charges: ReadonlyArray<ReviewedCharge>): string =>
  charges.length === 0
    ? 'no charge selected\n'
    : textTable(
      [{ title: 'accountId' }, { title: 'chargeId' }, { title: 'amount', numeric: true }, { title: 'currency' }, { title: 'occurredAt' }, { title: 'deviceId' }],
      charges.map(cells),
    );

export const reviewCsv = (charges: ReadonlyArray<ReviewedCharge>): string =>
  stringify(charges.map((charge) => cells(charge).map(neutralizeCell)), {
    header: true, columns: [...reviewCsvHeader], delimiter: ',', quote: '"', record_delimiter: 'unix',
  });
