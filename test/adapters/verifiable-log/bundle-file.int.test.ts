// The bundle file reader splits lines itself: lines cut by its 1 MiB chunks, CRLF endings, a last
// line without a newline and a line that is not JSON all reach the verifier as written; a line
// longer than the limit stops the read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleLineTooLong, readBundleFile } from '../../../adapters/verifiable-log/bundle-file.ts';
import { bundleLineLengthMax } from '../../../adapters/verifiable-log/bundle-lines.ts';

const directory = mkdtempSync(join(tmpdir(), 'bundle-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const readAll = async (path: string): Promise<unknown[]> => {
  const lines: unknown[] = [];
  await readBundleFile(path, (line) => lines.push(line), () => undefined);
  return lines;
};

describe('readBundleFile', () => {
  it('gives every line across chunk boundaries, whatever its ending', async () => {
    // Lengths that do not divide a MiB, some with multi-byte characters, so lines straddle chunks.
    const values = Array.from({ length: 9_000 }, (_, index) => ({ index, text: `${'é'.repeat(index % 7)}${'x'.repeat((index * 37) % 700)}` }));
    const text = values.map((value, index) => JSON.stringify(value) + (index % 3 === 0 ? '\r\n' : '\n')).join('') + 'not json\n\n' + JSON.stringify({ last: true });
    const path = join(directory, 'lines.ndjson');
    writeFileSync(path, text);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 1024 * 1024);
    expect(await readAll(path)).toEqual([...values, null, { last: true }]);
  });

  it('stops at a line longer than the limit', async () => {
    const path = join(directory, 'long.ndjson');
    writeFileSync(path, `{"a":1}\n"${'y'.repeat(bundleLineLengthMax + 10)}"\n`);
    await expect(readAll(path)).rejects.toBeInstanceOf(BundleLineTooLong);
  });
});
