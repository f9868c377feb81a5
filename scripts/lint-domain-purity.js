#!/usr/bin/env node
// Keeps domain/ pure: no I/O, no framework, no clock, no randomness. Run by `npm test`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const domainDir = join(root, 'domain');

const forbiddenImports = [
  /from\s+['"](\.\.\/)+(adapters|projections)\//,
  /from\s+['"]node:/,
  /from\s+['"](fs|path|crypto|os|child_process|net|http|https)['"]/,
  /from\s+['"](fastify|better-sqlite3|@eventstore\/db-client)(\/[^'"]*)?['"]/,
  /import\(\s*['"]/,
  /require\(/,
];
const forbiddenCalls = [
  { pattern: /Date\.now\s*\(/, why: 'reads the clock' },
  { pattern: /new\s+Date\s*\(\s*\)/, why: 'reads the clock' },
  { pattern: /Math\.random\s*\(/, why: 'reads a random source' },
  { pattern: /randomUUID\s*\(/, why: 'reads a random source' },
  { pattern: /performance\.now\s*\(/, why: 'reads the clock' },
  { pattern: /process\./, why: 'reads the process environment' },
];

const listFiles = (directory) =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? listFiles(path) : path.endsWith('.ts') ? [path] : [];
  });

const problems = [];
for (const file of listFiles(domainDir)) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const where = `${relative(root, file)}:${index + 1}`;
    if (line.trimStart().startsWith('//')) return;
    for (const pattern of forbiddenImports) {
      if (pattern.test(line)) problems.push(`${where}: forbidden import in domain/: ${line.trim()}`);
    }
    for (const { pattern, why } of forbiddenCalls) {
      if (pattern.test(line)) problems.push(`${where}: ${why}: ${line.trim()}`);
    }
  });
}

if (problems.length > 0) {
  console.error(`domain/ is not pure (${problems.length} problem(s)):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log('domain purity: ok');
