// `wallet-ledger rules what-if [--rules FILE] [--from T --to T]`: runs a rule set (the defaults,
// or a file: fraud-rules-file.ts) over every past event and reports what it would have flagged in
// the window, per rule and per alert. Writes nothing (projections/fraud/what-if.ts).
import type { Command } from 'commander';
import { defaultFraudRules } from '../../projections/fraud/fraud-rules.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { type WhatIfReport, whatIf } from '../../projections/fraud/what-if.ts';
import { decodeOptional, decodeOptionalInstant, formatCodec } from './cli-arguments.ts';
import { runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { readRulesFile } from './fraud-rules-file.ts';
import { textTable } from './text-table.ts';

const WhatIfFormat = formatCodec(['table', 'json'] as const);

type WhatIfOptions = StoreOption & Readonly<{ rules?: string; from?: string; to?: string; format?: string }>;

const reportText = (report: WhatIfReport, rulesName: string): string => {
  const alerts = report.alerts.map(alertToJson);
  const byRule = Object.entries(report.alertsByRule).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    textTable(
      [{ title: 'occurredAt' }, { title: 'accountId' }, { title: 'rule' }],
      alerts.map((alert) => [alert.occurredAt, alert.accountId, alert.rule]),
    ) +
    `\nrules: ${rulesName}\nevents scanned: ${report.eventsScanned}\nalerts: ${alerts.length}\n` +
    byRule.map(([rule, count]) => `  ${rule}: ${count}\n`).join('')
  );
};

const runWhatIf = async (options: WhatIfOptions): Promise<void> => {
  const from = decodeOptionalInstant(options.from, '--from');
  const to = decodeOptionalInstant(options.to, '--to');
  if (from !== undefined && to !== undefined && from >= to) throw usageFailure(`--from ${from} must be before --to ${to}`);
  const format = decodeOptional(WhatIfFormat, options.format, '--format') ?? 'table';
  const rules = options.rules === undefined ? defaultFraudRules : readRulesFile(options.rules);
  await withStore(options, 'read', async (store) => {
    const report = await whatIf(store, rules, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    process.stdout.write(
      format === 'json'
        ? `${JSON.stringify({ eventsScanned: report.eventsScanned, alertsByRule: report.alertsByRule, alerts: report.alerts.map(alertToJson) }, null, 2)}\n`
        : reportText(report, options.rules ?? 'defaults'),
    );
  });
};

export const addRulesCommand = (program: Command): Command => {
  const rules = program.command('rules').description('fraud rules');
  rules
    .command('what-if')
    .description('run a rule set over past events and report what it would have flagged; writes nothing')
    .option('--rules <file>', 'JSON rule set: the rules to run, thresholds over the defaults (default: the default rules)')
    .option('--from <time>', 'report alerts that occurred at or after this time')
    .option('--to <time>', 'report alerts that occurred before this time')
    .option('--format <format>', 'table or json', 'table')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('rules what-if', runWhatIf));
  return rules;
};
