// The operations variables of the contract (http-v1-additions.md, Operations): LOG_LEVEL and
// LEDGER_READY_LAG_MAX. An empty variable is a bad value, not a missing one.
import { type Either, left, right } from 'fp-ts/lib/Either.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof logLevels)[number];

export const readyLagMaxDefault = 10_000;
const readyLagMaxLimit = 1_000_000_000;

export type OperationsConfig = Readonly<{ logLevel: LogLevel; readyLagMax: number }>;

const isLogLevel = (value: string): value is LogLevel => logLevels.some((level) => level === value);

export const operationsConfigFrom = (env: Readonly<Record<string, string | undefined>>): Either<string, OperationsConfig> => {
  const level = env.LOG_LEVEL;
  if (level !== undefined && !isLogLevel(level)) return left(`LOG_LEVEL "${level.slice(0, 20)}" must be one of ${logLevels.join(', ')}`);
  const lag = env.LEDGER_READY_LAG_MAX;
  if (lag !== undefined && (!/^[0-9]{1,10}$/.test(lag) || Number(lag) > readyLagMaxLimit)) {
    return left(`LEDGER_READY_LAG_MAX "${lag.slice(0, 20)}" must be an integer from 0 to ${readyLagMaxLimit} (events)`);
  }
  return right({ logLevel: level ?? 'info', readyLagMax: lag === undefined ? readyLagMaxDefault : Number(lag) });
};
