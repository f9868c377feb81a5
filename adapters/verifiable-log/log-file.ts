// The file where an EventStoreDB instance keeps its log's derived data: the nodes, the
// logIndex → $all position mapping and a mirror of the checkpoint stream. Per instance and
// rebuilt from EventStoreDB when lost, like the read models, but a file of its own beside the read
// store (LEDGER_READ_STORE): the read side's worker may empty or recreate its file (another
// ledger's file, a damaged one) under a connection the log holds.
import { basename, dirname, extname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openReadStoreFile } from '../../projections/sqlite/read-store-file.ts';

// ./data/ledger.read.db → ./data/ledger.read.log.db
export const logFileBesideReadStore = (readPath: string): string => {
  const extension = extname(readPath);
  return join(dirname(readPath), `${basename(readPath, extension)}.log${extension === '' ? '.db' : extension}`);
};

// `say` hears that the file is missing (a first start, or lost: rebuilt) or damaged (replaced).
export const openLogFile = (readPath: string, say: (line: string) => void): Database =>
  openReadStoreFile(logFileBesideReadStore(readPath), (line) => say(`verifiable log: ${line.replace('the read models', "the log's nodes")}`));
