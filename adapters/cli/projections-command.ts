// `wallet-ledger projections status` and `projections rebuild <name>`: the operator's view of the
// projections the server keeps in its read file (LEDGER_READ_STORE, default beside the SQLite
// store's file; adapters/app/projections-setup.ts: the same list and constructors as the server).
// status only reads. rebuild resets one projection and
// builds it again from zero through runner.rebuild (its bulk path when it has one); beside a
// server on the same file each batch re-reads the checkpoint under the write lock, so no event is
// applied twice or skipped. Other stores keep projections in the server's memory: refused.
import type { Command } from 'commander';
import type { Database } from 'better-sqlite3';
import type { EventStore, GlobalPosition } from '../../domain/ports/event-store.ts';
import type { StoreLocation } from '../event-store/open-event-store.ts';
import { ledgerProjectionNames, sqliteLedgerProjections } from '../app/projections-setup.ts';
import { openReadStoreReadOnly } from '../../projections/sqlite/read-store-file.ts';
import { existsSync } from 'node:fs';
import { type ProjectionRunner, createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import type { WaitOutcome } from '../../projections/runner/waiters.ts';
import { countCodec, decodeOptional, formatCodec } from './cli-arguments.ts';
import { readPathFor, readStoreOptionFlags, readStoreOptionHelp, withReadFile } from './cli-read-file.ts';
import { exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, describeLocation, openLocation, storeLocation, storeOptionFlags, storeOptionHelp, storeValue, withOpenedStore } from './cli-store.ts';
import { type Progress, progressOnTerminal } from './progress-bar.ts';
import { projectionStatuses, statusText } from './projections-status.ts';

const ProjectionsFormat = formatCodec(['text', 'json'] as const);
type ProjectionsOptions = StoreOption & Readonly<{ format?: string; timeoutMs?: string; readStore?: string }>;

export const timedOutExitCode = exitCodes.timedOut;
const timeoutMsMax = 86_400_000;
const timeoutMsDefault = 3_600_000;
const progressIntervalMs = 250;

type SqliteLocation = Extract<StoreLocation, { kind: 'sqlite' }>;

const persistedLocation = (options: ProjectionsOptions): SqliteLocation => {
  const location = storeLocation(storeValue(options.store));
  if (location.kind === 'sqlite') return location;
  throw usageFailure(
    `${describeLocation(location)} keeps no projection: they live in the server's memory and are rebuilt from the store at every start`,
  );
};

const readPathOf = (location: SqliteLocation, options: ProjectionsOptions): string => {
  const readPath = readPathFor(location, options.readStore);
  if (readPath === undefined) throw new Error('projections: a sqlite: location has no read file');
  return readPath;
};

const withStore = async <T>(location: SqliteLocation, work: (store: EventStore) => Promise<T>): Promise<T> =>
  withOpenedStore(openLocation(location, 'read'), work);

const runStatus = async (options: ProjectionsOptions): Promise<void> => {
  const json = (decodeOptional(ProjectionsFormat, options.format, '--format') ?? 'text') === 'json';
  const location = persistedLocation(options);
  const readPath = readPathOf(location, options);
  await withStore(location, async (store) => {
    // Reads only: a read file not built yet shows every projection not built.
    const database = existsSync(readPath) ? openReadStoreReadOnly(readPath) : undefined;
    try {
      const statuses = await projectionStatuses(store, database, ledgerProjectionNames);
      process.stdout.write(json ? `${JSON.stringify({ store: describeLocation(location), projections: statuses })}\n` : statusText(statuses));
    } finally {
      database?.close();
    }
  });
};

// The runner of the rebuild under way, so that a deadline can stop it (between two transactions).
type Current = { runner?: ProjectionRunner };

type Rebuilt = Readonly<{ outcome: WaitOutcome; bulk: boolean }>;

// One runner over the server's projections, never started: only `name` is rebuilt (in bulk when it
// has a bulk path; overtaken by a server's live batch, the runner goes on batch by batch with it).
// Progress is how far a bulk pass has applied (status.rebuiltThrough), else the checkpoint, and the
// transactions committed so far.
const rebuild = async (
  store: EventStore, database: Database, name: string, timeoutMs: number, progress: Progress, current: Current,
): Promise<Rebuilt> => {
  const built = sqliteLedgerProjections(database);
  let transactions = 0;
  const persistence = { ...built.persistence, transaction: (work: (tx: Database) => void) => {
    built.persistence.transaction(work);
    transactions += 1;
  } };
  const bulk = built.projections.some((projection) => projection.name === name && projection.bulkRebuild !== undefined);
  // The outcome carries the error; the command prints it as its one line.
  const runner = createProjectionRunner({ store, persistence, projections: built.projections, onFailure: () => undefined });
  current.runner = runner;
  const reached = (): number => {
    const status = runner.status(name);
    return Number(status?.rebuiltThrough ?? status?.checkpoint ?? 0n);
  };
  const timer = setInterval(() => progress.update(reached(), undefined, `${transactions} transactions`), progressIntervalMs);
  try {
    return { outcome: await runner.rebuild(name, timeoutMs), bulk };
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
};

// The deadline covers the whole rebuild: a bulk pass does not watch the runner's own timeout.
const beforeDeadline = <T>(work: Promise<T>, timeoutMs: number): Promise<T | 'deadline'> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => { timer = setTimeout(() => resolve('deadline'), timeoutMs); });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
};

const knownName = (raw: string): string => {
  if (ledgerProjectionNames.includes(raw)) return raw;
  throw usageFailure(`unknown projection "${raw.slice(0, 60)}"; known projections: ${ledgerProjectionNames.join(', ')}`);
};

const runRebuild = async (rawName: string, options: ProjectionsOptions): Promise<void> => {
  const json = (decodeOptional(ProjectionsFormat, options.format, '--format') ?? 'text') === 'json';
  const timeoutMs = decodeOptional(countCodec(timeoutMsMax), options.timeoutMs, '--timeout-ms') ?? timeoutMsDefault;
  const location = persistedLocation(options);
  const readPath = readPathOf(location, options);
  const name = knownName(rawName);
  await withStore(location, (store) => withReadFile(store, readPath, async (database) => {
    const startedMs = Date.now();
    const progress = progressOnTerminal();
    progress.start(Number(await store.headPosition()), `rebuilding ${name}`, 'events');
    const current: Current = {};
    const rebuilt = await beforeDeadline(rebuild(store, database, name, timeoutMs, progress, current), timeoutMs);
    // Out of time: the pass ends between two transactions before the store closes.
    if (rebuilt === 'deadline') await current.runner?.stop();
    progress.stop();
    const outcome = rebuilt === 'deadline' ? { kind: 'timed_out' as const } : rebuilt.outcome;
    if (outcome.kind === 'timed_out') return timedOut(name, timeoutMs);
    if (outcome.kind !== 'caught_up') throw failed(`rebuild of ${name} did not finish: ${outcome.kind === 'failed' ? outcome.error : outcome.kind}`);
    const bulk = rebuilt !== 'deadline' && rebuilt.bulk;
    process.stdout.write(finalLine(name, outcome.checkpoint, Date.now() - startedMs, bulk, json));
  }));
};

const timedOut = (name: string, timeoutMs: number): void => {
  process.stderr.write(
    `wallet-ledger projections rebuild: ${name} was not rebuilt within ${timeoutMs} ms; it is left incomplete ` +
      '(a server on this file goes on from its checkpoint at its next event or start): run the rebuild again with a larger --timeout-ms\n',
  );
  process.exitCode = timedOutExitCode;
};

const finalLine = (name: string, checkpoint: GlobalPosition, elapsedMs: number, bulk: boolean, json: boolean): string => {
  const events = Number(checkpoint);
  const eventsPerSecond = Math.round(events / (Math.max(elapsedMs, 1) / 1000));
  if (json) return `${JSON.stringify({ name, checkpoint: checkpoint.toString(), events, elapsedMs, eventsPerSecond, path: bulk ? 'bulk' : 'replay' })}\n`;
  return `rebuilt ${name} (${bulk ? 'bulk' : 'replay'}): ${events} events up to position ${checkpoint} in ${(elapsedMs / 1000).toFixed(3)} s, ${eventsPerSecond} events/s\n`;
};

export const addProjectionsCommand = (program: Command): Command => {
  const projections = program.command('projections').description('the projections the server keeps in its read file: status, rebuild');
  projections
    .command('status')
    .description("each projection's checkpoint, the store's head and how far behind it is (reads only)")
    .option('--format <format>', 'text or json', 'text')
    .option(storeOptionFlags, storeOptionHelp)
    .option(readStoreOptionFlags, readStoreOptionHelp)
    .action(runAction('projections status', runStatus));
  projections
    .command('rebuild')
    .description(`reset a projection and rebuild it from zero (${ledgerProjectionNames.join(', ')})`)
    .argument('<name>', 'the projection')
    .option('--timeout-ms <ms>', `give up after this long, exit code ${timedOutExitCode} (default ${timeoutMsDefault})`)
    .option('--format <format>', 'text or json', 'text')
    .option(storeOptionFlags, storeOptionHelp)
    .option(readStoreOptionFlags, readStoreOptionHelp)
    .action(runAction('projections rebuild', runRebuild));
  return projections;
};
