// `wallet-ledger serve`: the HTTP API (see docs/http.md). Stops cleanly on SIGTERM/SIGINT:
// in-flight requests finish, projections stop, the store is closed.
import type { Command } from 'commander';
import { ServerConfigError, startServer } from '../app/server.ts';
import { StoreInUseError } from '../app/server-lock.ts';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export const runServe = async (): Promise<void> => {
  let server;
  try {
    server = await startServer({ env: process.env, print });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`wallet-ledger serve: ${message.split('\n')[0]}\n`);
    // 2: bad usage (a variable); 3: the store cannot be used (another server holds it).
    process.exitCode = error instanceof ServerConfigError ? 2 : error instanceof StoreInUseError ? 3 : 1;
    return;
  }
  const running = server;
  const shutdown = (signal: string): void => {
    print(`${signal} received: stopping`);
    running.stop().then(
      () => {
        print('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`wallet-ledger serve: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

export const addServeCommand = (program: Command): Command =>
  program
    .command('serve')
    .description('serve the HTTP API (HOST, PORT, LEDGER_STORE, LEDGER_API_KEYS; see docs/http.md)')
    .action(runServe);
