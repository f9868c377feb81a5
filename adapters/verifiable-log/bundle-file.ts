// Reads an export bundle file into the bundle verifier: chunks of a MiB, split into lines on
// their bytes (readline's per-line async iteration, and decoding whole chunks to one string, cost
// more than parsing the lines), each line decoded, parsed as JSON and handed over. A line longer
// than bundleLineLengthMax stops the read (an exporter never writes one).
import { createReadStream } from 'node:fs';
import { bundleLineLengthMax } from './bundle-lines.ts';

const chunkBytes = 1024 * 1024;
const newline = 0x0a;
const carriageReturn = 0x0d;

// A line that is not JSON is reported by the verifier as an unknown line, like any other.
const parsedOrNull = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
};

export class BundleLineTooLong extends Error {
  override readonly name = 'BundleLineTooLong';
}

const tooLong = () => new BundleLineTooLong(`a bundle line is longer than ${bundleLineLengthMax} bytes`);

const acceptLine = (bytes: Buffer, start: number, end: number, accept: (line: unknown) => void): void => {
  const last = end > start && bytes[end - 1] === carriageReturn ? end - 1 : end;
  if (last > start) accept(parsedOrNull(bytes.toString('utf8', start, last)));
};

// Feeds every non-empty line to `accept`; `onBytes` hears how many bytes were read so far. Only a
// line cut by a chunk's end is copied (joined with the next chunk's start).
export const readBundleFile = async (path: string, accept: (line: unknown) => void, onBytes: (bytes: number) => void): Promise<void> => {
  let carry: Buffer = Buffer.alloc(0);
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('bundle: a chunk was not bytes');
    read += chunk.length;
    let start = 0;
    let end = chunk.indexOf(newline);
    if (carry.length > 0 && end !== -1) {
      const joined = Buffer.concat([carry, chunk.subarray(0, end)]);
      if (joined.length > bundleLineLengthMax) throw tooLong();
      acceptLine(joined, 0, joined.length, accept);
      carry = Buffer.alloc(0);
      start = end + 1;
      end = chunk.indexOf(newline, start);
    }
    for (; end !== -1; end = chunk.indexOf(newline, start)) {
      if (end - start > bundleLineLengthMax) throw tooLong();
      acceptLine(chunk, start, end, accept);
      start = end + 1;
    }
    carry = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.subarray(start));
    if (carry.length > bundleLineLengthMax) throw tooLong();
    onBytes(read);
  }
  acceptLine(carry, 0, carry.length, accept);
};
