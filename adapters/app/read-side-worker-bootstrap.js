// A worker thread does not inherit the main thread's tsx loader: register it, then run the
// TypeScript worker (read-side-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./read-side-worker.ts');
