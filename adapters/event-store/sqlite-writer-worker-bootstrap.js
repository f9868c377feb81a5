// A worker thread does not inherit the main thread's tsx loader: register it, then run the
// TypeScript worker (sqlite-writer-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-worker.ts');
