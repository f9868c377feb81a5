// Checks on the database file made before and right after SQLite opens it. SQLite itself reads a
// truncated file's missing pages as if they were empty, and opens lazily, so without these checks
// a damaged ledger could silently look like a shorter (or an empty) one.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';

const headerLength = 100;
const magic = 'SQLite format 3\u0000';
const walHeaderLength = 32;

export const ensureDirectoryOf = (path: string): void => {
  mkdirSync(dirname(path), { recursive: true });
};

const fileSizeOf = (path: string): number | undefined => (existsSync(path) ? statSync(path).size : undefined);

const readHeader = (path: string): Buffer => {
  const header = Buffer.alloc(headerLength);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, headerLength, 0);
  } finally {
    closeSync(descriptor);
  }
  return header;
};

// Before opening: a non-empty file must carry SQLite's header, and be at least as long as the
// page count the header records (that count is valid when "version-valid-for" matches the change
// counter, see https://www.sqlite.org/fileformat2.html#in_header_database_size).
// An existing zero-length file is refused too: the store writes its schema in the same breath as
// it creates the file, so an empty file is far more likely a ledger truncated to nothing than one
// that never started, and opening it would silently answer an empty ledger.
export const checkFileBeforeOpen = (path: string): void => {
  const size = fileSizeOf(path);
  if (size === undefined) return;
  const corrupted = (why: string) => new StoreCorruptedError(`sqlite event store: ${path} ${why}; refusing to open it`);
  if (size === 0) throw corrupted('exists but is empty (0 bytes); if no ledger was ever written there, delete the file');
  if (size < headerLength) throw corrupted(`is ${size} bytes, shorter than a SQLite header`);
  const header = readHeader(path);
  if (header.toString('latin1', 0, magic.length) !== magic) throw corrupted('is not a SQLite database');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const headerSizeValid = pageCount > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
  if (headerSizeValid && size < pageCount * pageSize) {
    throw corrupted(`is truncated: ${size} bytes, its header records ${pageCount} pages of ${pageSize} bytes`);
  }
};

// After opening: with no write-ahead log frames pending, the file must hold every page SQLite
// counts. (With frames pending, the log may legitimately hold pages beyond the file's end.)
export const checkFileAfterOpen = (path: string, pageCount: number, pageSize: number): void => {
  const size = fileSizeOf(path) ?? 0;
  // A log of only its 32-byte header holds no frames.
  const walFramesPending = (fileSizeOf(`${path}-wal`) ?? 0) > walHeaderLength;
  if (!walFramesPending && size < pageCount * pageSize) {
    throw new StoreCorruptedError(
      `sqlite event store: ${path} is truncated: ${size} bytes for ${pageCount} pages of ${pageSize} bytes`,
    );
  }
};
