// The verifiable log's configuration (contract: "Verifiable log"): LEDGER_LOG_ORIGIN,
// LEDGER_SIGNING_KEY_FILE, LEDGER_CHECKPOINT_INTERVAL_MS. Every problem is one line naming the
// variable; an empty variable is a bad value, not a missing one.
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { isKeyName } from '../verifiable-log/signed-note.ts';
import { checkpointIntervalMsDefault } from '../verifiable-log/verifiable-log.ts';

// originGiven: LEDGER_LOG_ORIGIN was set. A SQLite store keeps the origin it signs under; when the
// variable is unset the store's own origin is used, when set it must be the store's (log-setup.ts).
export type LogConfig = Readonly<{ origin: string; originGiven: boolean; signingKeyFile: string | undefined; checkpointIntervalMs: number }>;

export const logOriginDefault = 'wallet-ledger';
export const checkpointIntervalMsMax = 86_400_000;
const pathLengthMax = 4096;

const parseInterval = (text: string | undefined): Either<string, number> => {
  if (text === undefined) return right(checkpointIntervalMsDefault);
  const value = /^[1-9][0-9]{0,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= checkpointIntervalMsMax)) {
    return left(`LEDGER_CHECKPOINT_INTERVAL_MS "${text.slice(0, 20)}" must be an integer from 1 to ${checkpointIntervalMsMax}`);
  }
  return right(value);
};

export const logConfigFrom = (env: Readonly<Record<string, string | undefined>>): Either<string, LogConfig> => {
  const origin = env.LEDGER_LOG_ORIGIN ?? logOriginDefault;
  if (!isKeyName(origin)) {
    return left(`LEDGER_LOG_ORIGIN "${origin.slice(0, 40)}" must be 1 to 100 printable ASCII characters, no spaces and no '+'`);
  }
  const keyFile = env.LEDGER_SIGNING_KEY_FILE;
  if (keyFile !== undefined && (keyFile === '' || keyFile.length > pathLengthMax || keyFile.includes('\u0000'))) {
    return left('LEDGER_SIGNING_KEY_FILE must name a PKCS#8 PEM Ed25519 private key file');
  }
  const interval = parseInterval(env.LEDGER_CHECKPOINT_INTERVAL_MS);
  if (interval._tag === 'Left') return interval;
  return right({ origin, originGiven: env.LEDGER_LOG_ORIGIN !== undefined, signingKeyFile: keyFile, checkpointIntervalMs: interval.right });
};
