// `wallet-ledger restore <file>`: puts a backup in place of the SQLite store. Refuses while a
// server serves the store (it holds the server lock, adapters/app/server-lock.ts; restore holds it
// too, so none starts meanwhile). The backup is copied beside the store first and that copy is
// verified (copy-verification.ts) before anything is replaced; the store it replaces is kept,
// renamed with its -wal and -shm to `<store>.replaced-<time>`, never deleted.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { tryServerLock } from '../app/server-lock.ts';
import { CliFailure, exitCodes, failed, runAction, usageFailure } from './cli-failure.ts';
import { type StoreOption, storeLocation, storeOptionFlags, storeOptionHelp, storeValue } from './cli-store.ts';
import { verifyCopy } from './copy-verification.ts';
import { progressOnTerminal } from './progress-bar.ts';

type RestoreOptions = StoreOption & Readonly<{ allowEmpty?: boolean }>;

const sidecars = ['', '-wal', '-shm'] as const;

const setAside = (store: string, stamp: string): string | undefined => {
  if (!existsSync(store)) return undefined;
  const aside = `${store}.replaced-${stamp}`;
  for (const suffix of sidecars) if (existsSync(`${store}${suffix}`)) renameSync(`${store}${suffix}`, `${aside}${suffix}`);
  return aside;
};

const runRestore = async (file: string, options: RestoreOptions): Promise<void> => {
  const location = storeLocation(storeValue(options.store));
  if (location.kind !== 'sqlite') throw usageFailure('restore works on a SQLite store only (sqlite:<file>)');
  if (!existsSync(file)) throw usageFailure(`${file} does not exist`);
  const store = location.path;
  const lock = tryServerLock(store);
  if (lock === undefined) throw new CliFailure(`${store} is being served by a running server; stop it before restoring`, exitCodes.store);
  const incoming = `${store}.restoring`;
  try {
    for (const suffix of sidecars) rmSync(`${incoming}${suffix}`, { force: true });
    copyFileSync(file, incoming);
    const verification = await verifyCopy(incoming, { allowEmpty: options.allowEmpty === true, progress: progressOnTerminal() });
    if (!verification.verified) throw failed(`${file} does not verify, ${verification.reason}; ${store} was left as it was`);
    // Closing the verified copy checkpointed its log into the file: the file alone is the copy.
    if (existsSync(`${incoming}-wal`) && statSync(`${incoming}-wal`).size > 0) throw failed(`the copy of ${file} kept a write-ahead log; ${store} was left as it was`);
    const aside = setAside(store, new Date().toISOString().replace(/[:.]/g, '-'));
    renameSync(incoming, store);
    process.stdout.write(
      `restored ${verification.events} events of ${verification.streams} streams from ${file} into ${store}` +
        `${aside === undefined ? '' : `; the store it replaced is kept as ${aside}`}\n`,
    );
  } finally {
    for (const suffix of sidecars) rmSync(`${incoming}${suffix}`, { force: true });
    lock.release();
  }
};

export const addRestoreCommand = (program: Command): Command =>
  program
    .command('restore')
    .description('replace the SQLite store with a verified backup (refused while a server serves the store)')
    .argument('<file>', 'a file written by `wallet-ledger backup`')
    .option('--allow-empty', 'accept a backup that holds no events')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('restore', runRestore));
