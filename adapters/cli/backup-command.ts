// `wallet-ledger backup <file>`: a consistent copy of the SQLite store, safe while the server
// serves and under load (adapters/event-store/sqlite-backup.ts), written beside the target as
// `<file>.partial`, verified (copy-verification.ts), and only then renamed to <file>: a file at
// <file> is always a whole, verified copy. Progress (the copy's size) on a terminal. Copying
// ledger.db with cp while a server runs is NOT a backup: recent commits are in ledger.db-wal.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { copySqliteStore } from '../event-store/sqlite-backup.ts';
import { CliFailure, exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeLocation, storeOptionFlags, storeOptionHelp, storeValue } from './cli-store.ts';
import { copyCheckpointCheck } from './copy-log-checks.ts';
import { verifyCopy } from './copy-verification.ts';
import { progressOnTerminal } from './progress-bar.ts';
import { storeSigningKey } from './restore-log.ts';

type BackupOptions = StoreOption & Readonly<{ allowEmpty?: boolean }>;

const kibibyte = 1024;

export const sqliteStorePath = (options: StoreOption, command: string): string => {
  const location = storeLocation(storeValue(options.store));
  if (location.kind !== 'sqlite') throw usageFailure(`${command} works on a SQLite store only (sqlite:<file>); EventStoreDB has its own backups`);
  if (!existsSync(location.path)) throw new CliFailure(`unreadable store: ${location.path} does not exist`, exitCodes.store);
  return location.path;
};

const runBackup = async (file: string, options: BackupOptions): Promise<void> => {
  const source = sqliteStorePath(options, 'backup');
  const target = resolve(file);
  if (existsSync(target)) throw usageFailure(`${file} exists; a backup never overwrites a file (choose a new name)`);
  if (target === resolve(source)) throw usageFailure(`${file} is the store itself`);
  const logChecks = [copyCheckpointCheck(storeSigningKey(source, process.env))];
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const progress = progressOnTerminal();
  progress.start(1, 'copying', 'KiB');
  try {
    await copySqliteStore(source, partial, (written, expected) => progress.update(Math.round(written / kibibyte), Math.round(expected / kibibyte)));
    progress.stop();
    const verification = await verifyCopy(partial, { allowEmpty: options.allowEmpty === true, progress, logChecks });
    if (!verification.verified) throw failed(`the copy does not verify, ${verification.reason}; nothing was written at ${file}`);
    renameSync(partial, target);
    process.stdout.write(`backed up ${verification.events} events of ${verification.streams} streams to ${file}: every hash chain verified\n`);
    for (const summary of verification.summaries) process.stdout.write(`${summary}\n`);
  } finally {
    progress.stop();
    rmSync(partial, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
  }
};

export const addBackupCommand = (program: Command): Command =>
  program
    .command('backup')
    .description('write a consistent, verified copy of the SQLite store to <file> (safe while the server runs)')
    .argument('<file>', 'where to write the copy (must not exist)')
    .option('--allow-empty', 'accept a store that holds no events')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('backup', runBackup));
