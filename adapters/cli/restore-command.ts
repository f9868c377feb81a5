// `wallet-ledger restore <file>`: puts a backup in place of the SQLite store. Refuses while a
// server serves the store (it holds the server lock, adapters/app/server-lock.ts; restore holds it
// too, so none starts meanwhile). The backup is copied beside the store first and that copy is
// verified (copy-verification.ts) before anything is replaced: its hash chains, its own signed
// log, and that it holds the newest checkpoint the replaced store signed (unless
// --new-log-origin starts a new log, restore-log.ts). The store it replaces is kept, renamed
// with its -wal and -shm to `<store>.replaced-<time>`, never deleted.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import * as t from 'io-ts';
import { tryServerLock } from '../app/server-lock.ts';
import { isKeyName } from '../verifiable-log/signed-note.ts';
import { decodeOptional } from './cli-arguments.ts';
import { CliFailure, exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeLocation, storeOptionFlags, storeOptionHelp, storeValue } from './cli-store.ts';
import { copyCheckpointCheck, newOriginCheck, replacedCheckpointCheck } from './copy-log-checks.ts';
import { verifyCopy } from './copy-verification.ts';
import { type Progress, progressOnTerminal } from './progress-bar.ts';
import { readReplacedLog, settleRestoredLog, storeSigningKey } from './restore-log.ts';

export type RestoreOptions = Readonly<{ allowEmpty: boolean; newLogOrigin: string | undefined; progress: Progress; env: Readonly<Record<string, string | undefined>> }>;

const sidecars = ['', '-wal', '-shm'] as const;

const setAside = (store: string, stamp: string): string | undefined => {
  if (!existsSync(store)) return undefined;
  const aside = `${store}.replaced-${stamp}`;
  for (const suffix of sidecars) if (existsSync(`${store}${suffix}`)) renameSync(`${store}${suffix}`, `${aside}${suffix}`);
  return aside;
};

const LogOrigin = t.refinement(t.string, isKeyName, "1 to 100 printable ASCII characters, no spaces and no '+'");

const checkNewOrigin = (origin: string | undefined, replacedOrigin: string | undefined): void => {
  if (origin === undefined) return;
  if (origin === replacedOrigin) throw usageFailure(`--new-log-origin ${origin} is the origin of the log being replaced; a new log needs a new origin`);
};

// Restores `file` into the store at `store`; resolves with the lines to print, or throws CliFailure.
export const restoreSqliteStore = async (file: string, store: string, options: RestoreOptions): Promise<ReadonlyArray<string>> => {
  if (!existsSync(file)) throw usageFailure(`${file} does not exist`);
  const lock = tryServerLock(store);
  if (lock === undefined) throw new CliFailure(`${store} is being served by a running server; stop it before restoring`, exitCodes.store);
  const incoming = `${store}.restoring`;
  try {
    const replaced = readReplacedLog(store);
    checkNewOrigin(options.newLogOrigin, replaced?.origin);
    if (replaced === undefined && options.newLogOrigin === undefined) {
      throw failed(`${store} cannot be read, so the newest checkpoint its log signed is unknown; give --new-log-origin <origin> to start a new log over the copy`);
    }
    const copyLog = copyCheckpointCheck(storeSigningKey(store, options.env));
    const logChecks = options.newLogOrigin !== undefined
      ? [copyLog, newOriginCheck(options.newLogOrigin)]
      : [copyLog, replacedCheckpointCheck(store, replaced ?? { origin: undefined, newest: undefined })];
    for (const suffix of sidecars) rmSync(`${incoming}${suffix}`, { force: true });
    copyFileSync(file, incoming);
    const verification = await verifyCopy(incoming, { allowEmpty: options.allowEmpty, progress: options.progress, logChecks });
    if (!verification.verified) throw failed(`${file} does not verify, ${verification.reason}; ${store} was left as it was`);
    const settled = settleRestoredLog(incoming, store, replaced ?? { origin: undefined, newest: undefined }, options.newLogOrigin);
    // Closing the verified copy checkpointed its log into the file: the file alone is the copy.
    if (existsSync(`${incoming}-wal`) && statSync(`${incoming}-wal`).size > 0) throw failed(`the copy of ${file} kept a write-ahead log; ${store} was left as it was`);
    const aside = setAside(store, new Date().toISOString().replace(/[:.]/g, '-'));
    renameSync(incoming, store);
    return [
      `restored ${verification.events} events of ${verification.streams} streams from ${file} into ${store}` +
        `${aside === undefined ? '' : `; the store it replaced is kept as ${aside}`}`,
      ...verification.summaries,
      ...(settled === undefined ? [] : [settled]),
    ];
  } finally {
    for (const suffix of sidecars) rmSync(`${incoming}${suffix}`, { force: true });
    lock.release();
  }
};

type RestoreCommandOptions = StoreOption & Readonly<{ allowEmpty?: boolean; newLogOrigin?: string }>;

const runRestore = async (file: string, options: RestoreCommandOptions): Promise<void> => {
  const location = storeLocation(storeValue(options.store));
  if (location.kind !== 'sqlite') throw usageFailure('restore works on a SQLite store only (sqlite:<file>)');
  const lines = await restoreSqliteStore(file, location.path, {
    allowEmpty: options.allowEmpty === true,
    newLogOrigin: decodeOptional(LogOrigin, options.newLogOrigin, '--new-log-origin', "1 to 100 printable ASCII characters, no spaces and no '+'"),
    progress: progressOnTerminal(), env: process.env,
  });
  for (const line of lines) process.stdout.write(`${line}\n`);
};

export const addRestoreCommand = (program: Command): Command =>
  program
    .command('restore')
    .description('replace the SQLite store with a verified backup (refused while a server serves the store)')
    .argument('<file>', 'a file written by `wallet-ledger backup`')
    .option('--allow-empty', 'accept a backup that holds no events')
    .option('--new-log-origin <origin>', 'accept a backup older than (or inconsistent with) the store\'s newest signed checkpoint by starting a new log under this origin')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('restore', runRestore));
