// Opens the verifiable log of an EventStoreDB store (docs/verification.md, "On EventStoreDB"):
// the key must be LEDGER_SIGNING_KEY_FILE (every instance signs the one log with it), the origin
// and the checkpoints live in the shared checkpoint stream, and the nodes and the logIndex mapping
// in this instance's log file beside its read store, fed from $all in the leader's order.
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { connectToEventStoreDb } from '../event-store/eventstoredb-client.ts';
import { appendTimeoutMsDefault, readTimeoutMsDefault } from '../event-store/eventstoredb-event-store.ts';
import { systemClock } from '../event-store/recorded-at.ts';
import { denseEventHashes } from '../verifiable-log/dense-event-hashes.ts';
import { openEventStoreDbLogCheckpoints } from '../verifiable-log/eventstoredb-log-checkpoints.ts';
import { openLogFile } from '../verifiable-log/log-file.ts';
import { createSqliteLogPositions } from '../verifiable-log/log-positions.ts';
import { SigningKeyError, loadSigningKey } from '../verifiable-log/signing-key.ts';
import { createSqliteLogTables } from '../verifiable-log/sqlite-log-tables.ts';
import { type VerifiableLog, createVerifiableLog } from '../verifiable-log/verifiable-log.ts';
import type { LogConfig } from './log-config.ts';
import { originMismatch } from './log-origin-error.ts';

export const openEventStoreDbLog = async (
  opened: Extract<OpenedStore, { kind: 'eventstoredb' }>, config: LogConfig, readPath: string, print: (line: string) => void, warn: (line: string) => void,
): Promise<VerifiableLog> => {
  if (config.signingKeyFile === undefined) {
    throw new SigningKeyError('LEDGER_SIGNING_KEY_FILE is required on EventStoreDB: every instance signs the one log with the same Ed25519 key (a PKCS#8 PEM file, e.g. `openssl genpkey -algorithm ed25519`)');
  }
  const key = loadSigningKey({ kind: 'file', path: config.signingKeyFile });
  const client = connectToEventStoreDb(opened.connectionString);
  const database = openLogFile(readPath, print);
  const close = async () => {
    await client.dispose();
    database.close();
  };
  try {
    const context = { client, readTimeoutMs: readTimeoutMsDefault, appendTimeoutMs: appendTimeoutMsDefault };
    const { origin, checkpoints } = await openEventStoreDbLogCheckpoints(context, database, key, config.origin, print);
    if (config.originGiven && origin !== config.origin) throw originMismatch(config.origin, origin);
    const positions = createSqliteLogPositions(database);
    const log = createVerifiableLog({
      store: opened.store, hashes: denseEventHashes(opened.store, positions), nodes: createSqliteLogTables(database).nodes,
      checkpoints, shared: checkpoints, logIndexOf: positions.logIndexOf,
      key, origin, checkpointIntervalMs: config.checkpointIntervalMs, clock: systemClock, warn,
    });
    return {
      ...log,
      stop: async () => {
        await log.stop();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
};
