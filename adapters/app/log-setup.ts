// Opens the verifiable log for the server's store: on SQLite its tables live in the event store's
// file and the signing key is LEDGER_SIGNING_KEY_FILE or one generated beside the store; in memory
// everything (a key too, unless a file is given) lasts one run. On EventStoreDB the log is not
// built yet: the /v1/log routes answer 503 not_available and events carry no logIndex.
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { OpenedStore } from '../event-store/open-event-store.ts';
import { systemClock } from '../event-store/recorded-at.ts';
import { memoryCheckpointTable } from '../verifiable-log/checkpoint-table.ts';
import { sqliteEventHashes } from '../verifiable-log/event-hashes.ts';
import { memoryNodeTable } from '../verifiable-log/log-nodes.ts';
import { type SigningKeySource, keyFileBesideStore, loadSigningKey } from '../verifiable-log/signing-key.ts';
import { type SqliteLogOrigin, createSqliteLogOrigin } from '../verifiable-log/sqlite-log-origin.ts';
import { createSqliteLogTables } from '../verifiable-log/sqlite-log-tables.ts';
import { type VerifiableLog, createVerifiableLog } from '../verifiable-log/verifiable-log.ts';
import type { LogConfig } from './log-config.ts';

const keySource = (opened: OpenedStore, config: LogConfig): SigningKeySource => {
  if (config.signingKeyFile !== undefined) return { kind: 'file', path: config.signingKeyFile };
  return opened.kind === 'sqlite' ? { kind: 'beside_store', path: keyFileBesideStore(opened.path) } : { kind: 'ephemeral' };
};

export class LogOriginError extends Error {
  override readonly name = 'LogOriginError';
}

// The store's own origin wins over the default; a LEDGER_LOG_ORIGIN that names another is refused
// (signing this history under a second origin would make two logs of one ledger).
const originOf = (stored: SqliteLogOrigin, config: LogConfig): string => {
  const current = stored.current();
  if (current !== undefined && config.originGiven && current !== config.origin) {
    throw new LogOriginError(
      `LEDGER_LOG_ORIGIN "${config.origin}" is not the origin of this store's log ("${current}"); unset it or set it to "${current}"`,
    );
  }
  const origin = current ?? config.origin;
  stored.record(origin);
  return origin;
};

export const openVerifiableLog = (
  opened: OpenedStore, store: EventStore, config: LogConfig, print: (line: string) => void, warn: (line: string) => void,
): VerifiableLog | undefined => {
  if (opened.kind === 'eventstoredb') {
    print('verifiable log: not available on EventStoreDB yet (no checkpoints are signed)');
    return undefined;
  }
  const tables = opened.kind === 'sqlite'
    ? createSqliteLogTables(opened.database)
    : { nodes: memoryNodeTable(), checkpoints: memoryCheckpointTable() };
  const origin = opened.kind === 'sqlite' ? originOf(createSqliteLogOrigin(opened.database), config) : config.origin;
  const key = loadSigningKey(keySource(opened, config));
  const log = createVerifiableLog({
    store, ...tables, ...(opened.kind === 'sqlite' ? { hashes: sqliteEventHashes(opened.database) } : {}), key, origin, checkpointIntervalMs: config.checkpointIntervalMs, clock: systemClock, warn,
  });
  print(`verifiable log verifier key: ${log.verifierKey}`);
  return log;
};
