// With the runner in another process (`wallet-ledger project`), the server learns how far each
// projection has got by reading the read file's checkpoints (read-only) every pollIntervalMs.
// At start the file may not be built yet (both started together): it waits, bounded, for it.
import type { Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { openReadStoreReadOnly } from '../../projections/sqlite/read-store-file.ts';
import type { ReadProgress } from './read-progress.ts';

export const checkpointPollIntervalMsDefault = 20;
export const readFileWaitMsDefault = 30_000;

const hasCheckpoints = (database: Database): boolean =>
  database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoints'").pluck().get() !== undefined;

const openWhenBuilt = async (readPath: string, waitMs: number): Promise<Database> => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (existsSync(readPath)) {
      const database = openReadStoreReadOnly(readPath);
      if (hasCheckpoints(database)) return database;
      database.close();
    }
    if (Date.now() >= deadline) {
      throw new Error(`read store ${readPath} was not built within ${waitMs} ms: start \`wallet-ledger project\` beside the server`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const watchCheckpoints = async (
  readPath: string, names: ReadonlyArray<string>, progress: ReadProgress,
  pollIntervalMs = checkpointPollIntervalMsDefault, waitMs = readFileWaitMsDefault,
): Promise<Readonly<{ stop: () => void }>> => {
  const database = await openWhenBuilt(readPath, waitMs);
  const load = database.prepare<[string], bigint>('SELECT position FROM projection_checkpoints WHERE name = ?').pluck().safeIntegers(true);
  const poll = (): void => {
    for (const name of names) {
      const checkpoint = load.get(name);
      // A projection the other process has not built yet stays 'stopped'.
      if (checkpoint !== undefined) progress.update({ name, state: 'running', checkpoint });
    }
  };
  poll();
  const timer = setInterval(poll, pollIntervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      database.close();
    },
  };
};
