// `wallet-ledger alerts [--since T]`: fraud alerts, oldest first, as GET /v1/fraud/alerts answers
// them, from the server's own journal in the read file (cli-fraud-journal.ts). By default the
// detector first catches up with the store, as the server does continuously (no auto-freeze here:
// freezing stays the server's process); --no-detect only reads the alerts already recorded.
import type { Command } from 'commander';
import { alertsLimitMax } from '../../projections/fraud/fraud-detector-projection.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { countCodec, decodeOptional, decodeOptionalInstant, formatCodec } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import { withFraudJournal } from './cli-fraud-journal.ts';
import { readStoreOptionFlags, readStoreOptionHelp } from './cli-read-file.ts';
import { type StoreOption, openLocation, storeLocation, storeOptionFlags, storeOptionHelp, storeValue, withOpenedStore } from './cli-store.ts';
import { textTable } from './text-table.ts';

const AlertsFormat = formatCodec(['table', 'json'] as const);

type AlertsOptions = StoreOption & Readonly<{ since?: string; limit?: string; format?: string; detect?: boolean; readStore?: string }>;

const runAlerts = async (options: AlertsOptions): Promise<void> => {
  const since = decodeOptionalInstant(options.since, '--since');
  const limit = decodeOptional(countCodec(alertsLimitMax), options.limit, '--limit') ?? alertsLimitMax;
  const format = decodeOptional(AlertsFormat, options.format, '--format') ?? 'table';
  const location = storeLocation(storeValue(options.store));
  await withOpenedStore(openLocation(location, 'read'), async (store) => {
    const journal = { detect: options.detect !== false, ...(options.readStore === undefined ? {} : { readStore: options.readStore }) };
    const alerts = (await withFraudJournal(store, location, journal, (reader) => reader.since(since, limit))).map(alertToJson);
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ alerts }, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      textTable(
        [{ title: 'occurredAt' }, { title: 'accountId' }, { title: 'rule' }, { title: 'alertId' }],
        alerts.map((alert) => [alert.occurredAt, alert.accountId, alert.rule, alert.alertId]),
      ) + `${alerts.length} alerts${since === undefined ? '' : ` since ${since}`}\n`,
    );
  });
};

export const addAlertsCommand = (program: Command): Command =>
  program
    .command('alerts')
    .description('fraud alerts, oldest first (the detector catches up first unless --no-detect)')
    .option('--since <time>', 'only alerts that occurred at or after this time')
    .option('--limit <count>', `at most this many alerts (1..${alertsLimitMax})`)
    .option('--format <format>', 'table or json (the HTTP answer)', 'table')
    .option('--no-detect', 'only read the alerts already in the read file; write nothing')
    .option(storeOptionFlags, storeOptionHelp)
    .option(readStoreOptionFlags, readStoreOptionHelp)
    .action(runAction('alerts', runAlerts));
