// A worker thread does not inherit the main thread's tsx loader: register it, then run the
// TypeScript worker (bundle-check-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./bundle-check-worker.ts');
