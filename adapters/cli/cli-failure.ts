// How a CLI command fails: one line on stderr naming the reason, a documented exit code, never a
// stack trace. Commands throw CliFailure (or let a store error through); runAction turns either
// into the line and the code. Anything else is a bug: its message (first line) is still all the
// user sees, with exit code 1.
import { StoreCorruptedError, StoreUnavailableError } from '../../domain/ports/event-store.ts';

export const exitCodes = {
  ok: 0,
  // The question was answered "no": a broken hash chain, an unknown account or incident.
  failed: 1,
  // The command line itself is wrong: a bad date, id, format or LEDGER_STORE.
  usage: 2,
  // The store cannot be read, or what it holds does not decode.
  store: 3,
  // The work did not finish within the time the operator gave it (projections rebuild --timeout-ms).
  timedOut: 4,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

export const usageFailure = (message: string): CliFailure => new CliFailure(message, exitCodes.usage);
export const failed = (message: string): CliFailure => new CliFailure(message, exitCodes.failed);

const firstLine = (message: string): string => message.split('\n')[0] ?? '';

// A row whose JSON no longer parses reaches us as SyntaxError, possibly wrapped by the adapter.
const isUnreadableData = (error: unknown): boolean =>
  error instanceof SyntaxError || (error instanceof Error && error.cause instanceof SyntaxError);

// An event the store holds but can no longer give back as an event.
export const isUnreadableEvent = (error: unknown): boolean => error instanceof StoreCorruptedError || isUnreadableData(error);

export const describeFailure = (error: unknown): Readonly<{ line: string; exitCode: ExitCode }> => {
  if (error instanceof CliFailure) return { line: firstLine(error.message), exitCode: error.exitCode };
  if (error instanceof StoreCorruptedError || isUnreadableData(error)) {
    return { line: `corrupted store: ${firstLine(error instanceof Error ? error.message : String(error))}`, exitCode: exitCodes.store };
  }
  if (error instanceof StoreUnavailableError) return { line: `unreadable store: ${firstLine(error.message)}`, exitCode: exitCodes.store };
  return { line: firstLine(error instanceof Error ? error.message : String(error)), exitCode: exitCodes.failed };
};

// Wraps a command's action: failures become one line `wallet-ledger <command>: <reason>`.
export const runAction =
  <A extends unknown[]>(command: string, action: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await action(...args);
    } catch (error) {
      const { line, exitCode } = describeFailure(error);
      process.stderr.write(`wallet-ledger ${command}: ${line}\n`);
      process.exitCode = exitCode;
    }
  };
