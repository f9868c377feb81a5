// Append rounds with the verifiable log off and on, on fresh SQLite files, interleaved so both
// see the same machine load: concurrent clients each awaiting store.append on its own stream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expectAny } from '../../domain/ports/event-store.ts';
import { systemClock } from '../../adapters/event-store/recorded-at.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { createSqliteLogTables } from '../../adapters/verifiable-log/sqlite-log-tables.ts';
import { generateSigningKey } from '../../adapters/verifiable-log/signing-key.ts';
import { createVerifiableLog } from '../../adapters/verifiable-log/verifiable-log.ts';
import { walletToppedUp } from '../append-workload.ts';

export const appendSizes = { clients: 200, appendsPerClient: 10, rounds: 3 };

export type AppendRound = Readonly<{ events: number; ms: number; logLagEvents: number }>;

export const appendRound = async (withLog: boolean): Promise<AppendRound> => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-bench-log-'));
  const store = openSqliteEventStore({ path: join(directory, 'store.db') });
  const log = withLog
    ? createVerifiableLog({
      store, ...createSqliteLogTables(store.database), key: generateSigningKey(), origin: 'bench', checkpointIntervalMs: 1000,
      clock: systemClock, warn: (line) => console.error(line),
    })
    : undefined;
  try {
    await log?.started;
    const started = performance.now();
    await Promise.all(Array.from({ length: appendSizes.clients }, async (_, client) => {
      for (let index = 0; index < appendSizes.appendsPerClient; index += 1) {
        await store.append(`account-bench-${client}`, [walletToppedUp(`bench-${client}`, index)], expectAny);
      }
    }));
    const ms = performance.now() - started;
    const events = appendSizes.clients * appendSizes.appendsPerClient;
    return { events, ms, logLagEvents: log === undefined ? 0 : events - log.size() };
  } finally {
    await log?.stop();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
};
