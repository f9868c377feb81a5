// Log instances on EventStoreDB for the log's tests, each as the server opens it (log-setup.ts):
// its own store client and its own read-store directory, one shared key file and origin.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { logConfigFrom } from '../../../adapters/app/log-config.ts';
import { openVerifiableLog } from '../../../adapters/app/log-setup.ts';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import { type SigningKey, generateSigningKey, signingKeyPem } from '../../../adapters/verifiable-log/signing-key.ts';
import type { VerifiableLog } from '../../../adapters/verifiable-log/verifiable-log.ts';

export const fixedClock = { now: () => new Date('2026-12-01T10:00:00.000Z') };

export type EsdbLogInstance = Readonly<{ store: EventStore; log: VerifiableLog; warnings: string[]; readPath: string; close: () => Promise<void> }>;

export const temporaryFiles = () => {
  const directory = mkdtempSync(join(tmpdir(), 'esdb-log-'));
  let count = 0;
  return {
    directory,
    keyFile: (key: SigningKey = generateSigningKey()): string => {
      count += 1;
      const path = join(directory, `key-${count}.pem`);
      writeFileSync(path, signingKeyPem(key), { mode: 0o600 });
      return path;
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
};

export const logEnv = (keyFile: string, origin: string): Record<string, string> =>
  ({ LEDGER_SIGNING_KEY_FILE: keyFile, LEDGER_LOG_ORIGIN: origin, LEDGER_CHECKPOINT_INTERVAL_MS: '3600000' });

export const openEsdbLog = async (connectionString: string, env: Readonly<Record<string, string>>, readPath: string): Promise<EsdbLogInstance> => {
  const config = logConfigFrom(env);
  if (config._tag === 'Left') throw new Error(config.left);
  const store = openEventStoreDbEventStore({ connectionString, clock: fixedClock });
  const warnings: string[] = [];
  try {
    const log = await openVerifiableLog(
      { kind: 'eventstoredb', store, connectionString }, store, config.right, () => undefined, (line) => warnings.push(line), readPath,
    );
    return { store, log, warnings, readPath, close: async () => { await log.stop(); await store.close(); } };
  } catch (error) {
    await store.close();
    throw error;
  }
};

export const appendNoted = async (store: EventStore, count: number, streams: ReadonlyArray<string>): Promise<void> => {
  for (let index = 0; index < count; index += 1) {
    await store.append(streams[index % streams.length] ?? 'account-x', [{ type: 'Noted', data: { index }, occurredAt: '2026-12-01T09:00:00.000Z' }], expectAny);
  }
};
