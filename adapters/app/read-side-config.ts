// Where the read side runs and where its file lives, from the environment:
// - LEDGER_READ_SIDE: `worker` (default: the projection runner in a worker thread of the server),
//   `external` (`wallet-ledger project` runs it as its own process on the same host; the server
//   only reads the file), or `inline` (on the server's own event loop, as before). The memory store
//   cannot be shared with another thread or process: it always runs inline.
// - LEDGER_READ_STORE: the read models' SQLite file, default beside the event store's file
//   (./data/ledger.db → ./data/ledger.read.db; ./data/ledger.read.db for EventStoreDB).
import { basename, dirname, extname, join } from 'node:path';
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import type { StoreLocation } from '../event-store/open-event-store.ts';

export const readSideModes = ['worker', 'external', 'inline'] as const;
export type ReadSideMode = (typeof readSideModes)[number];

export type ReadSideConfig =
  | Readonly<{ mode: 'inline'; readPath: undefined }>
  | Readonly<{ mode: ReadSideMode; readPath: string }>;

export const readStoreDefaultEventStoreDb = './data/ledger.read.db';
const pathLengthMax = 4096;

export const readPathBeside = (location: StoreLocation): string | undefined => {
  switch (location.kind) {
    case 'sqlite': {
      const extension = extname(location.path);
      return join(dirname(location.path), `${basename(location.path, extension)}.read${extension === '' ? '.db' : extension}`);
    }
    case 'eventstoredb':
      return readStoreDefaultEventStoreDb;
    case 'memory':
      return undefined;
  }
};

const isMode = (value: string): value is ReadSideMode => readSideModes.some((mode) => mode === value);

// An empty variable is a bad value, not a missing one (like every variable of the contract).
export const readSideConfigFrom = (env: Readonly<Record<string, string | undefined>>, location: StoreLocation): Either<string, ReadSideConfig> => {
  const modeText = env.LEDGER_READ_SIDE;
  if (modeText !== undefined && !isMode(modeText)) {
    return left(`LEDGER_READ_SIDE "${modeText.slice(0, 20)}" must be one of ${readSideModes.join(', ')}`);
  }
  const pathText = env.LEDGER_READ_STORE;
  if (pathText !== undefined && (pathText.trim() === '' || pathText.length > pathLengthMax || pathText.includes('\u0000'))) {
    return left(`LEDGER_READ_STORE "${pathText.slice(0, 60)}" must name a file (at most ${pathLengthMax} characters)`);
  }
  const readPath = pathText ?? readPathBeside(location);
  if (location.kind === 'memory' || readPath === undefined) return right({ mode: 'inline', readPath: undefined });
  return right({ mode: modeText ?? 'worker', readPath });
};
