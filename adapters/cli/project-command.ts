// `wallet-ledger project`: the read side as its own process on the server's host (a container
// sharing the data volume: SQLite's WAL needs one host). It runs the same runner as the server's
// worker (adapters/app/read-side-runner.ts) over LEDGER_STORE, writing LEDGER_READ_STORE; start
// the server with LEDGER_READ_SIDE=external so that it only reads. Stops on SIGTERM/SIGINT after
// the current batch; killed at any moment, it resumes from its checkpoints at the next start.
import type { Command } from 'commander';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openRunnerStore, startReadSideRunner } from '../app/read-side-runner.ts';
import { readSideConfigFrom } from '../app/read-side-config.ts';
import { storeLocation, storeOptionFlags, storeOptionHelp, storeValue, type StoreOption } from './cli-store.ts';
import { runAction, usageFailure } from './cli-failure.ts';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

const runProject = async (options: StoreOption): Promise<void> => {
  const location = storeLocation(storeValue(options.store));
  if (location.kind === 'memory') throw usageFailure('memory: cannot be shared with another process: its read side runs inside the server');
  const config = readSideConfigFrom(process.env, location);
  if (isLeft(config)) throw usageFailure(config.left);
  const readPath = config.right.readPath;
  if (readPath === undefined) throw usageFailure('no read file for this store');
  const store = openRunnerStore(location);
  const running = await startReadSideRunner(store, { readPath, log, offServerLoop: true });
  log(`projecting into ${readPath}`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await running.stop();
  await store.close();
  log('stopped');
};

export const addProjectCommand = (program: Command): Command =>
  program
    .command('project')
    .description('run the read side (projections) as its own process, into LEDGER_READ_STORE; serve with LEDGER_READ_SIDE=external')
    .option(storeOptionFlags, storeOptionHelp)
    .action(runAction('project', runProject));
