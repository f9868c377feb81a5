// The version `wallet-ledger --version` prints: package.json's, read once and decoded like any
// other input (no build step, so the file beside the sources is the installed one).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

const PackageJson = t.type({ version: t.string });

export const packageVersion = (): string => {
  const decoded = PackageJson.decode(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')));
  return isLeft(decoded) ? 'unknown' : decoded.right.version;
};
