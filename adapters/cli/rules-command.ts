// `wallet-ledger rules what-if [--rules FILE | --step-up FILE] [--from T --to T]`: runs a rule set
// (the defaults, or a file: fraud-rules-file.ts) over every past event and reports what it would
// have flagged in the window, per rule and per alert (projections/fraud/what-if.ts); with
// --step-up, the charges a step-up rule set would have held (projections/step-up/). Writes nothing.
import type { Command } from 'commander';
import { defaultFraudRules } from '../../projections/fraud/fraud-rules.ts';
import { alertToJson } from '../../projections/fraud/fraud-alert.ts';
import { type WhatIfReport, whatIf } from '../../projections/fraud/what-if.ts';
import { decodeOptional, decodeOptionalInstant, formatCodec } from './cli-arguments.ts';
import { runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { readRulesFile } from './fraud-rules-file.ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { type StepUpWhatIfReport, type StepUpWhatIfWindow, stepUpWhatIf } from '../../projections/step-up/step-up-what-if.ts';
import { readStepUpRulesFile } from './step-up-rules-file.ts';
import { textTable } from './text-table.ts';

const WhatIfFormat = formatCodec(['table', 'json'] as const);

type WhatIfOptions = StoreOption & Readonly<{ rules?: string; stepUp?: string; from?: string; to?: string; format?: string }>;

const stepUpText = (report: StepUpWhatIfReport, rulesName: string): string =>
  textTable(
    [{ title: 'occurredAt' }, { title: 'accountId' }, { title: 'chargeId' }, { title: 'amount', numeric: true }, { title: 'currency' }, { title: 'reasons' }],
    report.held.map((held) => [held.occurredAt, held.accountId, held.chargeId, held.amount, held.currency, held.reasons.join(',')]),
  ) +
  `\nstep-up rules: ${rulesName}\nevents scanned: ${report.eventsScanned}\ncharges scanned: ${report.chargesScanned}\nwould have held: ${report.held.length}\n` +
  Object.entries(report.heldByRule).sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, count]) => `  ${rule}: ${count}\n`).join('');

// --step-up FILE: how many charges that step-up rule set would have held (projections/step-up/).
const runStepUpWhatIf = async (options: WhatIfOptions, path: string, window: StepUpWhatIfWindow, format: 'table' | 'json'): Promise<void> => {
  const rules = readStepUpRulesFile(path);
  if (isLeft(rules)) throw usageFailure(`--step-up ${rules.left}`);
  await withStore(options, 'read', async (store) => {
    const report = await stepUpWhatIf(store, rules.right, window);
    process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : stepUpText(report, path));
  });
};

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
  if (options.stepUp !== undefined) {
    if (options.rules !== undefined) throw usageFailure('--rules and --step-up are two kinds of rules: give one');
    return runStepUpWhatIf(options, options.stepUp, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }, format);
  }
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
    .option('--step-up <file>', 'instead: a step-up rules file (LEDGER_STEP_UP format); report the charges it would have held')
    .option('--from <time>', 'report alerts that occurred at or after this time')
    .option('--to <time>', 'report alerts that occurred before this time')
    .option('--format <format>', 'table or json', 'table')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('rules what-if', runWhatIf));
  return rules;
};
