// Opens the verifiable log for the server's store: on SQLite its tables live in the event store's
// file and the signing key is LEDGER_SIGNING_KEY_FILE or one generated beside the store; in memory
// everything (a key too, unless a file is given) lasts one run. On EventStoreDB see
// eventstoredb-log-setup.ts (the key file is required; checkpoints live in the cluster).
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
import { openEventStoreDbLog } from './eventstoredb-log-setup.ts';
import { originMismatch } from './log-origin-error.ts';

export { LogOriginError } from './log-origin-error.ts';

const keySource = (opened: OpenedStore, config: LogConfig): SigningKeySource => {
  if (config.signingKeyFile !== undefined) return { kind: 'file', path: config.signingKeyFile };
  return opened.kind === 'sqlite' ? { kind: 'beside_store', path: keyFileBesideStore(opened.path) } : { kind: 'ephemeral' };
};

// The store's own origin wins over the default; a LEDGER_LOG_ORIGIN that names another is refused
// (signing this history under a second origin would make two logs of one ledger).
const originOf = (stored: SqliteLogOrigin, config: LogConfig): string => {
  const current = stored.current();
  if (current !== undefined && config.originGiven && current !== config.origin) {
    throw originMismatch(config.origin, current);
  }
  const origin = current ?? config.origin;
  stored.record(origin);
  return origin;
};

// readPath: the read store's file (LEDGER_READ_STORE); on EventStoreDB the log's file is beside it.
export const openVerifiableLog = async (
  opened: OpenedStore, store: EventStore, config: LogConfig, print: (line: string) => void, warn: (line: string) => void,
  readPath?: string,
): Promise<VerifiableLog> => {
  if (opened.kind === 'eventstoredb') {
    if (readPath === undefined) throw new Error('verifiable log: on EventStoreDB the log needs a read store file');
    const log = await openEventStoreDbLog(opened, config, readPath, print, warn);
    print(`verifiable log verifier key: ${log.verifierKey}`);
    return log;
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
