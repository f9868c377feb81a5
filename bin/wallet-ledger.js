#!/usr/bin/env node
// The package's executable. The code base is TypeScript run through tsx's loader, so that a fresh
// clone needs no build step: `npm install && npm start` and `npx wallet-ledger` both work.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/cli/main.ts');
