// `wallet-ledger incident run|dry-run --id I --from T --to T [criteria]`: POST /v1/incidents from
// a terminal. Every flag crosses its domain codec, then the whole request crosses the incident
// module's own codec; the run itself is adapters/incidents/run-incident.ts (one scan of the
// store, one reversal per selected charge, re-runnable). Progress on a terminal.
import type { Command } from 'commander';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { AccountId, CountryCode, DeviceId, IncidentId, Text } from '../../domain/ids.ts';
import { IncidentRequestCodec, type IncidentRequest } from '../../domain/incidents/incident-request.ts';
import { type IncidentResult } from '../../projections/incidents/incident-result.ts';
import { cliIssuer } from './cli-issuer.ts';
import { createCommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { type IncidentProgress, runIncident, selectIncidentCharges } from '../incidents/run-incident.ts';
import { summarize } from '../../projections/incidents/selected-charge.ts';
import { reviewedCharge, sortedForReview } from '../../projections/incidents/incident-review.ts';
import { reviewCsv, reviewTable } from './incident-review-output.ts';
import { writeOutput } from './reimbursements-command.ts';
import { collect, decodeArgument, decodeInstant, decodeOptional, decodeOptionalInstant, formatCodec, idHint } from './cli-arguments.ts';
import { failed, runAction, usageFailure } from './cli-failure.ts';
import { parseFourEyes } from '../app/server-config.ts';
import { callRemote, refusedAnswer, remoteApiOf } from './remote-api.ts';
import { type StoreOption, storeOptionFlags, storeOptionHelp, withStore } from './cli-store.ts';
import { type Progress, progressOnTerminal } from './progress-bar.ts';
import { type RunTally, type Tally, createTally, tallyNote, tallyText } from './incident-tally.ts';

const IncidentFormat = formatCodec(['text', 'json', 'csv'] as const);

type IncidentOptions = StoreOption & Readonly<{
  id?: string;
  from?: string;
  to?: string;
  deviceId?: ReadonlyArray<string>;
  devicesRegisteredInWindow?: boolean;
  country?: ReadonlyArray<string>;
  accountId?: ReadonlyArray<string>;
  description?: string;
  occurredAt?: string;
  format?: string;
  output?: string;
  url?: string;
}>;

const descriptionDefault = 'recorded with the wallet-ledger CLI';

const list = <A>(codec: t.Decoder<unknown, A>, values: ReadonlyArray<string> | undefined, label: string, hint?: string) =>
  values === undefined ? undefined : values.map((value) => decodeArgument(codec, value, label, hint));

export const incidentRequestOf = (options: IncidentOptions, dryRun: boolean): IncidentRequest => {
  if (options.id === undefined || options.from === undefined || options.to === undefined) {
    throw usageFailure('--id, --from and --to are required');
  }
  const from = decodeInstant(options.from, '--from');
  const to = decodeInstant(options.to, '--to');
  if (from >= to) throw usageFailure(`--from ${from} must be before --to ${to}`);
  const deviceIds = list(DeviceId, options.deviceId, '--device-id', idHint);
  const countries = list(CountryCode, options.country, '--country', 'two capital letters (ISO 3166 alpha-2)');
  const accountIds = list(AccountId, options.accountId, '--account-id', idHint);
  const occurredAt = decodeOptionalInstant(options.occurredAt, '--occurred-at');
  const request = {
    incidentId: decodeArgument(IncidentId, options.id, '--id', idHint),
    description: decodeArgument(Text, options.description ?? descriptionDefault, '--description', '1 to 500 characters, no control characters'),
    window: { from, to },
    criteria: {
      ...(deviceIds === undefined ? {} : { deviceIds }),
      ...(options.devicesRegisteredInWindow === true ? { devicesRegisteredInWindow: true } : {}),
      ...(countries === undefined ? {} : { countries }),
      ...(accountIds === undefined ? {} : { accountIds }),
    },
    dryRun,
    ...(occurredAt === undefined ? {} : { occurredAt }),
  };
  return decodeArgument(IncidentRequestCodec, request, 'incident');
};

// The run reverses charges while it still scans (the scan is the slow part): one bar follows the
// scan, and says what the run has done to the charges found so far (a re-run finds them reversed).
const showProgress = (progress: Progress, tally: Tally) => {
  let started = false;
  let position = 0;
  let note = '';
  return (event: IncidentProgress): void => {
    if (event.phase === 'scanning') {
      if (!started) progress.start(Number(event.headPosition), 'scanning', 'events');
      started = true;
      position = Number(event.position);
    } else {
      tally.add(event.outcome, event.charge.amount);
      note = tallyNote(tally.result(), event.done, event.total);
    }
    progress.update(position, undefined, note === '' ? undefined : note);
  };
};

// The incident's answer (as the HTTP API gives it) and what this run itself did.
export type IncidentRun = Readonly<{ result: IncidentResult; thisRun: RunTally }>;

export const runIncidentWithProgress = async (store: EventStore, request: IncidentRequest): Promise<IncidentRun> => {
  const progress = progressOnTerminal();
  const tally = createTally();
  try {
    const result = await runIncident({ store, handle: createCommandHandler(store), issuedBy: cliIssuer(), onProgress: showProgress(progress, tally) }, request);
    if (isLeft(result)) throw failed(result.left.message);
    return { result: result.right, thisRun: tally.result() };
  } finally {
    progress.stop();
  }
};

export const incidentText = ({ result, thisRun }: IncidentRun): string =>
  [
    `incident: ${result.incidentId}`,
    `dry run: ${result.dryRun ? 'yes (nothing reversed)' : 'no'}`,
    `charges: ${result.charges}`,
    `accounts: ${result.accounts}`,
    `total: ${Object.entries(result.total).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || '0'}`,
    ...(result.dryRun ? [] : [tallyText(thisRun)]),
  ].map((line) => `${line}\n`).join('');

// A dry run on a terminal shows every selected charge (the HTTP answer pages them): a table under
// the totals, or CSV to stdout or --output.
const reviewIncident = async (store: EventStore, request: IncidentRequest, options: IncidentOptions, csv: boolean): Promise<void> => {
  const progress = progressOnTerminal();
  let charges;
  try {
    charges = await selectIncidentCharges({ store, onProgress: showProgress(progress, createTally()) }, request);
  } finally {
    progress.stop();
  }
  const reviewed = sortedForReview(charges).map(reviewedCharge);
  const summary: IncidentResult = { incidentId: request.incidentId, ...summarize(charges), dryRun: true };
  const summaryText = incidentText({ result: summary, thisRun: createTally().result() });
  if (!csv) return void process.stdout.write(`${summaryText}\n${reviewTable(reviewed)}`);
  if (options.output === undefined) return void process.stdout.write(reviewCsv(reviewed));
  writeOutput(options.output, reviewCsv(reviewed));
  process.stdout.write(`wrote ${reviewed.length} charges (${summaryText.split('\n').slice(-2, -1).join('')}) to ${options.output}\n`);
};

// Four eyes on incidents (LEDGER_FOUR_EYES, as the server reads it): a run on a local store would
// move money with nobody's approval, so it is refused; the run is proposed through a server.
const refuseUnderFourEyes = (): void => {
  const fourEyes = parseFourEyes(process.env.LEDGER_FOUR_EYES, process.env.LEDGER_APPROVAL_TTL_HOURS);
  if (isLeft(fourEyes)) throw usageFailure(fourEyes.left);
  if (fourEyes.right.guarded.has('incidents')) {
    throw usageFailure('four eyes is on for incidents (LEDGER_FOUR_EYES): propose the run through the server with --url <server> (key in LEDGER_API_KEY); a second person approves it');
  }
};

// POST /v1/incidents on a running ledger: a run, or under four eyes a proposal awaiting approval.
const runRemotely = async (url: string, request: IncidentRequest, json: boolean): Promise<void> => {
  const answer = await callRemote(remoteApiOf(url), 'POST', '/v1/incidents', IncidentRequestCodec.encode(request));
  if (answer.status >= 300) throw refusedAnswer('/v1/incidents', answer);
  if (json) return void process.stdout.write(`${JSON.stringify(answer.body)}\n`);
  if (answer.status === 202) {
    const { approvalId, expiresAt, charges, proposedBy } = answer.body;
    return void process.stdout.write(`proposed as ${String(approvalId)} by ${String(proposedBy)}: ${String(charges)} charges, awaiting a second person's approval until ${String(expiresAt)}\n`);
  }
  process.stdout.write(`${JSON.stringify(answer.body)}\n`);
};

const runIncidentCommand = (dryRun: boolean) => async (options: IncidentOptions): Promise<void> => {
  const request = incidentRequestOf(options, dryRun);
  const format = decodeOptional(IncidentFormat, options.format, '--format') ?? 'text';
  const json = format === 'json';
  if (!dryRun && format === 'csv') throw usageFailure('--format csv lists a dry run\'s charges: use it with incident dry-run');
  if (options.output !== undefined && format !== 'csv') throw usageFailure('--output writes the CSV of a dry run: add --format csv');
  if (options.output === '') throw usageFailure('--output needs a file path');
  if (!dryRun && options.url !== undefined) return runRemotely(options.url, request, json);
  if (!dryRun) refuseUnderFourEyes();
  await withStore(options, 'read', async (store) => {
    if (dryRun && !json) return reviewIncident(store, request, options, format === 'csv');
    const run = await runIncidentWithProgress(store, request);
    process.stdout.write(json ? `${JSON.stringify(run.result)}\n` : incidentText(run));
  });
};

const withIncidentOptions = (command: Command): Command =>
  command
    .requiredOption('--id <incidentId>', 'the incident id (re-running the same id reverses nothing twice)')
    .requiredOption('--from <time>', 'window start, inclusive, on the charges\' occurredAt')
    .requiredOption('--to <time>', 'window end, exclusive')
    .option('--device-id <deviceId>', 'only charges made from this device (repeatable)', collect)
    .option('--devices-registered-in-window', 'only charges from devices registered to the account inside the window')
    .option('--country <code>', 'only charges from devices with a successful login from this country before (repeatable)', collect)
    .option('--account-id <accountId>', 'only charges of this account (repeatable)', collect)
    .option('--description <text>', 'what happened', descriptionDefault)
    .option('--occurred-at <time>', 'occurredAt of the reversals (default: now)')
    .option('--format <format>', 'text, json (the HTTP answer) or csv (a dry run\'s selected charges)', 'text')
    .option('--output <file>', 'with --format csv: write the CSV to this file instead of stdout')
    .option(storeOptionFlags, storeOptionHelp)
    .option('--url <url>', 'run: send it to a running ledger instead (key in LEDGER_API_KEY); under four eyes, it is proposed');

export const addIncidentCommand = (program: Command): Command => {
  const incident = program.command('incident').description('select charges by criteria and reverse them (or only report: dry-run)');
  withIncidentOptions(incident.command('dry-run').description('report what the incident would reverse; writes nothing'))
    .action(runAction('incident dry-run', runIncidentCommand(true)));
  withIncidentOptions(incident.command('run').description('reverse every selected charge, tagged with the incident id'))
    .action(runAction('incident run', runIncidentCommand(false)));
  return incident;
};
