// `wallet-ledger reimbursements <incidentId>`: one row per affected account, as CSV (the HTTP
// API's text/csv, formula-safe) or JSON, to stdout or to --output FILE. The rows are the
// reimbursements fold read from the store (adapters/incidents/reimbursements-from-store.ts), the
// same fold the projections apply.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { IncidentId } from '../../domain/ids.ts';
import { reimbursementsCsv } from '../../projections/reimbursements/reimbursements-csv.ts';
import type { Reimbursements } from '../../projections/reimbursements/reimbursements.ts';
import { readReimbursements } from '../incidents/reimbursements-from-store.ts';
import { decodeArgument, decodeOptional, formatCodec, idHint } from './cli-arguments.ts';
import { failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';

const ReimbursementsFormat = formatCodec(['csv', 'json'] as const);

type ReimbursementsOptions = StoreOption & Readonly<{ format?: string; output?: string }>;

const outputPathLengthMax = 4096;

const totalText = (reimbursements: Reimbursements): string =>
  Object.entries(reimbursements.total).map(([currency, amount]) => `${amount} ${currency}`).join(', ');

export const writeOutput = (path: string, content: string): void => {
  try {
    writeFileSync(path, content, { encoding: 'utf8', flag: 'w' });
  } catch (error) {
    throw failed(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const runReimbursements = async (rawIncidentId: string, options: ReimbursementsOptions): Promise<void> => {
  const incidentId = decodeArgument(IncidentId, rawIncidentId, 'incident id', idHint);
  const format = decodeOptional(ReimbursementsFormat, options.format, '--format') ?? 'csv';
  if (options.output !== undefined && (options.output === '' || options.output.length > outputPathLengthMax)) {
    throw usageFailure('--output needs a file path');
  }
  await withStore(options, 'read', async (store) => {
    const reimbursements = await readReimbursements(store, incidentId);
    if (reimbursements === undefined || reimbursements.rows.length === 0) throw failed(`incident ${incidentId} has reversed no charge (unknown incident, or only dry runs)`);
    const content = format === 'json' ? `${JSON.stringify(reimbursements, null, 2)}\n` : reimbursementsCsv(reimbursements);
    if (options.output === undefined) {
      process.stdout.write(content);
      return;
    }
    writeOutput(options.output, content);
    process.stdout.write(`wrote ${reimbursements.rows.length} rows (total ${totalText(reimbursements)}) to ${options.output}\n`);
  });
};

export const addReimbursementsCommand = (program: Command): Command =>
  program
    .command('reimbursements')
    .description("an incident's reimbursements: one row per affected account")
    .argument('<incidentId>', 'the incident')
    .option('--format <format>', 'csv (header accountId,currency,charges,amount) or json', 'csv')
    .option('--output <file>', 'write to this file instead of stdout')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('reimbursements', runReimbursements));
