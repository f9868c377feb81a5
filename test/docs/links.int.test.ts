// Every relative link of README.md and docs/ points at a file inside this repository that exists:
// a reader of a clone must never be sent to the team's workspace (as the contract link once did).
// The contract copies in docs/contract/ are kept unchanged and are not checked.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && !/^contract[/\\]http-v1/.test(path))
    .map((path) => join('docs', path)),
];

const relativeLinks = (page: string): ReadonlyArray<string> =>
  [...readFileSync(join(root, page), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] ?? '').split('#')[0] ?? '')
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target));

describe('documentation links', () => {
  it.each(pages)('%s links only to files of the repository', (page) => {
    const outside = relativeLinks(page).filter((target) => {
      const path = resolve(root, dirname(page), target);
      return relative(root, path).startsWith('..') || !existsSync(path);
    });
    expect(outside).toEqual([]);
  });
});
