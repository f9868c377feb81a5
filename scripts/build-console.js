// Builds the console (adapters/console/) into dist/console with Vite. Run by `npm install`/`npm ci`
// (prepare) and before `npm start` when the build is missing (--if-missing), so no extra step is
// needed. Skips, saying why, where it cannot build: an install before the sources are copied (the
// Dockerfile's first npm ci) or without dev dependencies (npm ci --omit=dev).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const config = resolve(root, 'adapters/console/vite.config.ts');
const built = resolve(root, 'dist/console/index.html');

if (process.argv.includes('--if-missing') && existsSync(built)) process.exit(0);
if (!existsSync(config)) {
  console.log('console: sources not present, build skipped');
  process.exit(0);
}
let vite;
try {
  vite = await import('vite');
} catch {
  console.log('console: vite is not installed (dev dependencies omitted), build skipped; /console answers 503');
  process.exit(0);
}
await vite.build({ configFile: config, logLevel: 'warn' });
console.log('console: built into dist/console');
