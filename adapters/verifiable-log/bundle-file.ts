// Reads an export bundle file: chunks of a MiB, each cut after its last newline so that it holds
// whole lines (a line cut by a chunk's end is carried into the next one), split into lines on
// their bytes (readline's per-line async iteration, and decoding whole chunks to one string, cost
// more than parsing the lines). A line longer than bundleLineLengthMax stops the read (an exporter
// never writes one). The chunks can be checked in worker threads (bundle-check-pool.ts) or here.
import { createReadStream } from 'node:fs';
import { bundleLineLengthMax } from './bundle-lines.ts';

const chunkBytesDefault = 1024 * 1024;
const newline = 0x0a;
const carriageReturn = 0x0d;

export class BundleLineTooLong extends Error {
  override readonly name = 'BundleLineTooLong';
}

const tooLong = () => new BundleLineTooLong(`a bundle line is longer than ${bundleLineLengthMax} bytes`);

// A line that is not JSON is reported by the verifier as an unknown line, like any other.
export const parsedOrNull = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
};

// Every non-empty line of whole-line bytes (the last may lack its newline), CRLF or LF endings,
// as text.
export const forEachLine = (bytes: Uint8Array, each: (line: string) => void): void => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let start = 0; start < buffer.length;) {
    const found = buffer.indexOf(newline, start);
    const end = found === -1 ? buffer.length : found;
    if (end - start > bundleLineLengthMax) throw tooLong();
    const last = end > start && buffer[end - 1] === carriageReturn ? end - 1 : end;
    if (last > start) each(buffer.toString('utf8', start, last));
    start = end + 1;
  }
};

// Bytes in an ArrayBuffer of their own (a small Buffer may sit in Node's shared pool), so that
// the chunk can be transferred to a worker.
const ownCopy = (head: Uint8Array, tail: Uint8Array): Uint8Array<ArrayBuffer> => {
  const copy = new Uint8Array(head.length + tail.length);
  copy.set(head, 0);
  copy.set(tail, head.length);
  return copy;
};

// Feeds the file to `onChunk` in chunks of whole lines, in order, each a fresh copy the callee
// may keep or transfer; waits for `onChunk` (its backpressure). `onBytes` hears how many bytes
// were read so far. chunkBytes (tests use small ones) is at most the line limit.
export const readBundleChunks = async (
  path: string, onChunk: (bytes: Uint8Array<ArrayBuffer>) => Promise<void> | void, onBytes: (bytes: number) => void,
  chunkBytes = chunkBytesDefault,
): Promise<void> => {
  let carry: Buffer = Buffer.alloc(0);
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: Math.min(chunkBytes, bundleLineLengthMax) })) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('bundle: a chunk was not bytes');
    read += chunk.length;
    const end = chunk.lastIndexOf(newline);
    if (end === -1) {
      carry = Buffer.concat([carry, chunk]);
      if (carry.length > bundleLineLengthMax) throw tooLong();
      continue;
    }
    await onChunk(ownCopy(carry, chunk.subarray(0, end + 1)));
    carry = Buffer.from(chunk.subarray(end + 1));
    if (carry.length > bundleLineLengthMax) throw tooLong();
    onBytes(read);
  }
  if (carry.length > 0) await onChunk(ownCopy(carry, Buffer.alloc(0)));
  onBytes(read);
};

// Feeds every non-empty line, parsed (null when it is not JSON), to `accept`, on this thread.
export const readBundleFile = async (path: string, accept: (line: unknown) => void, onBytes: (bytes: number) => void): Promise<void> =>
  readBundleChunks(path, (bytes) => forEachLine(bytes, (line) => accept(parsedOrNull(line))), onBytes);
