// Builds the console (adapters/console/src) into dist/console, served by the API at /console/.
// Plain Vite with Preact's JSX through Vite's own transformer: no framework plugin to keep up.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export const consoleSourceRoot = import.meta.dirname;

export default defineConfig({
  root: consoleSourceRoot,
  base: '/console/',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(consoleSourceRoot, '../../dist/console'),
    emptyOutDir: true,
    // The CSP allows no inline script: no preload polyfill, every module a file of its own origin.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
});
