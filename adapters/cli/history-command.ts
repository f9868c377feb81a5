// `wallet-ledger history <accountId>`: the account's events in valid-time order, each with the
// ledger and corrected balances as of that event, known at --known-at, up to --as-of
// (account-ledger.ts says exactly how), as a table, JSON (the HTTP event fields plus the
// balances) or CSV for spreadsheets.
import type { Command } from 'commander';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { stringify } from 'csv-stringify/sync';
import { AccountId } from '../../domain/ids.ts';
import { neutralizeCell } from '../../projections/reimbursements/reimbursements-csv.ts';
import { type AccountLedger, type LedgerRow, chainWarning, readAccountLedger, unknownAccount } from './account-ledger.ts';
import { decodeArgument, decodeOptional, formatCodec, idHint, instantOrNow } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { eventAmount, eventDetail, signedAmount } from './event-summary.ts';
import { textTable } from './text-table.ts';

const HistoryFormat = formatCodec(['table', 'json', 'csv'] as const);

type HistoryOptions = StoreOption & Readonly<{ asOf?: string; knownAt?: string; format?: string }>;

const tableOf = (ledger: AccountLedger): string =>
  textTable(
    [
      { title: 'position', numeric: true }, { title: 'rev', numeric: true }, { title: 'occurredAt' }, { title: 'recordedAt' },
      { title: 'type' }, { title: 'amount', numeric: true }, { title: 'ledger', numeric: true }, { title: 'corrected', numeric: true },
      { title: 'detail' }, { title: 'issuedBy' },
    ],
    ledger.rows.map((row) => [
      row.event.position.toString(), String(row.event.revision), row.event.occurredAt, row.event.recordedAt,
      row.event.type, signedAmount(row.event),
      row.ledgerBalance, row.correctedBalance, eventDetail(row.event), row.event.metadata?.issuedBy ?? '',
    ]),
  ) +
  `\n${ledger.accountId} (${ledger.currency}) as of ${ledger.asOf}, known at ${ledger.knownAt}: ` +
  `ledger ${ledger.ledgerBalance}, corrected ${ledger.correctedBalance}\n`;

const jsonRow = (row: LedgerRow) => ({
  position: row.event.position.toString(),
  revision: row.event.revision,
  type: row.event.type,
  occurredAt: row.event.occurredAt,
  recordedAt: row.event.recordedAt,
  data: row.event.data,
  hash: row.event.hash,
  previousHash: row.event.previousHash,
  ...(row.event.metadata?.issuedBy === undefined ? {} : { issuedBy: row.event.metadata.issuedBy }),
  ledgerBalance: row.ledgerBalance,
  correctedBalance: row.correctedBalance,
});

const jsonOf = (ledger: AccountLedger): string => {
  const { rows, chain: _chain, ...balances } = ledger;
  return `${JSON.stringify({ ...balances, events: rows.map(jsonRow) }, null, 2)}\n`;
};

// A plain number cannot be a formula: it stays a number for the spreadsheet. Any other cell is
// neutralized like the reimbursements CSV (a leading = + - @ gets a quote).
const csvCell = (cell: string): string => (/^-?[0-9]+(\.[0-9]+)?$/.test(cell) ? cell : neutralizeCell(cell));

const csvAmount = (event: StoredEvent): string => signedAmount(event).replace(/^\+/, '');

export const historyCsvHeader = [
  'position', 'revision', 'type', 'occurredAt', 'recordedAt', 'amount', 'currency', 'detail', 'ledgerBalance', 'correctedBalance', 'issuedBy',
] as const;

const csvOf = (ledger: AccountLedger): string =>
  stringify(
    ledger.rows.map((row) => [
      row.event.position.toString(), String(row.event.revision), row.event.type, row.event.occurredAt, row.event.recordedAt,
      csvAmount(row.event), eventAmount(row.event)?.currency ?? '', eventDetail(row.event),
      row.ledgerBalance, row.correctedBalance, row.event.metadata?.issuedBy ?? '',
    ].map(csvCell)),
    { header: true, columns: [...historyCsvHeader], delimiter: ',', quote: '"', record_delimiter: 'unix' },
  );

const runHistory = async (rawAccountId: string, options: HistoryOptions): Promise<void> => {
  const accountId = decodeArgument(AccountId, rawAccountId, 'account id', idHint);
  const nowMs = Date.now();
  const asOf = instantOrNow(options.asOf, '--as-of', nowMs);
  const knownAt = instantOrNow(options.knownAt, '--known-at', nowMs);
  const format = decodeOptional(HistoryFormat, options.format, '--format') ?? 'table';
  await withStore(options, 'read', async (store) => {
    const ledger = await readAccountLedger(store, accountId, { asOf, knownAt }, true);
    if (ledger === undefined) throw await unknownAccount(store, accountId, knownAt);
    const warning = chainWarning(ledger);
    if (warning !== undefined) process.stderr.write(`wallet-ledger history: ${warning}\n`);
    process.stdout.write(format === 'json' ? jsonOf(ledger) : format === 'csv' ? csvOf(ledger) : tableOf(ledger));
  });
};

export const addHistoryCommand = (program: Command): Command =>
  program
    .command('history')
    .description("an account's events in order, with the running ledger and corrected balances")
    .argument('<accountId>', 'the account')
    .option('--as-of <time>', 'valid time: balances count events that occurred at or before it (default: now)')
    .option('--known-at <time>', 'transaction time: only events recorded at or before it are known (default: now)')
    .option('--format <format>', 'table, json or csv', 'table')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('history', runHistory));
