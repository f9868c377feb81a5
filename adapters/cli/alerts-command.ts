// `wallet-ledger alerts [--since T]`: fraud alerts, oldest first, as GET /v1/fraud/alerts answers
// them, from the server's own journal in the read file (cli-fraud-journal.ts). By default the
// detector first catches up with the store, as the server does continuously (no auto-freeze here:
// freezing stays the server's process); --no-detect only reads the alerts already recorded; --url
// asks a running ledger instead (alerts-remote.ts).
import type { Command } from 'commander';
import { alertsLimitMax } from '../../projections/fraud/fraud-detector-projection.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { countCodec, decodeOptional, decodeOptionalInstant, formatCodec } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import type { Instant } from '../../domain/instant.ts';
import { remoteAlerts } from './alerts-remote.ts';
import { withFraudJournal } from './cli-fraud-journal.ts';
import { readStoreOptionFlags, readStoreOptionHelp } from './cli-read-file.ts';
import { type StoreOption, openLocation, storeLocation, storeOptionFlags, storeOptionHelp, storeValue, withOpenedStore } from './cli-store.ts';
import { textTable } from './text-table.ts';

const AlertsFormat = formatCodec(['table', 'json'] as const);

type AlertsOptions = StoreOption & Readonly<{ since?: string; limit?: string; format?: string; detect?: boolean; readStore?: string; url?: string }>;

// The read file beside the store (the server's journal), caught up first unless --no-detect.
const localAlerts = async (options: AlertsOptions, since: Instant | undefined, limit: number) => {
  const location = storeLocation(storeValue(options.store));
  return withOpenedStore(openLocation(location, 'read'), async (store) => {
    const journal = { detect: options.detect !== false, ...(options.readStore === undefined ? {} : { readStore: options.readStore }) };
    return (await withFraudJournal(store, location, journal, (reader) => reader.since(since, limit))).map(alertToJson);
  });
};

const runAlerts = async (options: AlertsOptions): Promise<void> => {
  const since = decodeOptionalInstant(options.since, '--since');
  const limit = decodeOptional(countCodec(alertsLimitMax), options.limit, '--limit') ?? alertsLimitMax;
  const format = decodeOptional(AlertsFormat, options.format, '--format') ?? 'table';
  const alerts = options.url === undefined ? await localAlerts(options, since, limit) : await remoteAlerts(options.url, since, limit);
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
    .option('--url <url>', 'ask a running ledger instead (GET /v1/fraud/alerts, key in LEDGER_API_KEY)')
    .action(runAction('alerts', runAlerts));
