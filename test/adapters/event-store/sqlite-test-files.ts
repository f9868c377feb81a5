// Temp directories and a write-ahead-log reader for the SQLite store's tests.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const temporaryDirectory = (label: string) => {
  const directory = mkdtempSync(join(tmpdir(), `wallet-ledger-${label}-`));
  let count = 0;
  return {
    directory,
    nextPath: (): string => {
      count += 1;
      return join(directory, `case-${count}`, 'ledger.db');
    },
    remove: (): void => rmSync(directory, { recursive: true, force: true }),
  };
};

const walHeaderLength = 32;
const frameHeaderLength = 24;

// Counts the committed transactions in a WAL file, straight from SQLite's file format
// (https://www.sqlite.org/fileformat2.html#walformat): a frame whose "database size after commit"
// field is non-zero ends a transaction. Only frames carrying the header's salts belong to the
// current log. This observes the database file, not the store's code, so it is an honest witness
// of how many commits (and log syncs) a set of appends cost.
export const walCommitCount = (databasePath: string): number => {
  const walPath = `${databasePath}-wal`;
  if (!existsSync(walPath)) return 0;
  const wal = readFileSync(walPath);
  if (wal.length < walHeaderLength) return 0;
  const pageSize = wal.readUInt32BE(8);
  const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let commits = 0;
  for (let offset = walHeaderLength; offset + frameHeaderLength + pageSize <= wal.length; offset += frameHeaderLength + pageSize) {
    if (wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    if (wal.readUInt32BE(offset + 4) !== 0) commits += 1;
  }
  return commits;
};
