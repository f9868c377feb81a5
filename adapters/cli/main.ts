// The wallet-ledger command line (program.ts builds it). Exit codes: cli-failure.ts.
import { CommanderError } from 'commander';
import { exitCodes } from './cli-failure.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // commander has already printed its one-line message; only the exit code is ours to set.
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
}
