// `wallet-ledger alerts [--since T]`: fraud alerts, oldest first, as GET /v1/fraud/alerts answers
// them. By default the detector first catches up with the store and records new alerts, as the
// server does continuously (no auto-freeze here: freezing stays the server's policy);
// --no-detect only reads the alerts already recorded, writing nothing.
import type { Command } from 'commander';
import { createFraudAlertDriver } from '../../projections/fraud/alert-driver.ts';
import { alertsLimitMax, alertsSince } from '../../projections/fraud/alerts-since.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { countCodec, decodeOptional, decodeOptionalInstant, formatCodec } from './cli-arguments.ts';
import { runAction } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { textTable } from './text-table.ts';

const AlertsFormat = formatCodec(['table', 'json'] as const);

type AlertsOptions = StoreOption & Readonly<{ since?: string; limit?: string; format?: string; detect?: boolean }>;

const runAlerts = async (options: AlertsOptions): Promise<void> => {
  const since = decodeOptionalInstant(options.since, '--since');
  const limit = decodeOptional(countCodec(alertsLimitMax), options.limit, '--limit') ?? alertsLimitMax;
  const format = decodeOptional(AlertsFormat, options.format, '--format') ?? 'table';
  await withStore(options, 'read', async (store) => {
    if (options.detect !== false) await createFraudAlertDriver({ store }).catchUp();
    const alerts = (await alertsSince(store, since, limit)).map(alertToJson);
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
    .option('--no-detect', 'only read the alerts already recorded; write nothing')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('alerts', runAlerts));
