// A bounded pool of worker threads checking bundle chunks (bundle-check-worker.ts): each chunk
// goes to the worker with the fewest chunks in hand, and its promise settles with that worker's
// answer. Callers keep chunks in order themselves (verify-bundle-file.ts). A worker that fails or
// exits rejects every chunk it held: the verification stops, it never passes on a missing chunk.
import { isLeft } from 'fp-ts/lib/Either.js';
import { Worker } from 'node:worker_threads';
import { CheckAnswerCodec } from './bundle-check-messages.ts';
import type { CheckedChunk } from './bundle-chunk.ts';
import { BundleLineTooLong } from './bundle-file.ts';

export const checkThreadsMax = 8;
// Chunks (of a MiB) in flight per worker: enough to keep it busy while the file is read.
const chunksPerThreadMax = 2;

const bootstrap = new URL('./bundle-check-worker-bootstrap.js', import.meta.url);

export type BundleCheckPool = Readonly<{
  threads: number;
  chunksInFlightMax: number;
  check: (bytes: Uint8Array<ArrayBuffer>) => Promise<CheckedChunk>;
  close: () => Promise<void>;
}>;

type Pending = Readonly<{ resolve: (chunk: CheckedChunk) => void; reject: (error: Error) => void }>;

const startWorker = () => {
  const worker = new Worker(bootstrap);
  const pending = new Map<number, Pending>();
  const rejectAll = (error: Error): void => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (raw: unknown) => {
    const answer = CheckAnswerCodec.decode(raw);
    if (isLeft(answer)) return rejectAll(new Error('bundle check: a worker answered something unknown'));
    const waiting = pending.get(answer.right.sequence);
    pending.delete(answer.right.sequence);
    if (waiting === undefined) return rejectAll(new Error(`bundle check: ${answer.right.kind === 'checked' ? 'an unasked answer' : answer.right.message}`));
    switch (answer.right.kind) {
      case 'checked': return waiting.resolve(answer.right.chunk);
      case 'line too long': return waiting.reject(new BundleLineTooLong(answer.right.message));
      case 'failed': return waiting.reject(new Error(`bundle check: ${answer.right.message}`));
      default: {
        const unreachable: never = answer.right;
        return unreachable;
      }
    }
  });
  worker.on('error', (error) => rejectAll(error));
  worker.on('exit', (code) => rejectAll(new Error(`bundle check: a worker exited (code ${code})`)));
  return { worker, pending };
};

export const createBundleCheckPool = (threads: number): BundleCheckPool => {
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > checkThreadsMax) throw new RangeError(`bundle check: 1 to ${checkThreadsMax} threads`);
  const workers = Array.from({ length: threads }, startWorker);
  let sequence = 0;
  const check = (bytes: Uint8Array<ArrayBuffer>): Promise<CheckedChunk> => {
    const least = workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    sequence += 1;
    const asked = sequence;
    const checked = new Promise<CheckedChunk>((resolve, reject) => least.pending.set(asked, { resolve, reject }));
    // The caller awaits chunks in order: one that fails while an earlier one is awaited must not
    // count as unhandled (the caller still meets the rejection when it gets to it).
    checked.catch(() => undefined);
    least.worker.postMessage({ sequence: asked, bytes }, [bytes.buffer]);
    return checked;
  };
  const close = async (): Promise<void> => {
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  };
  return { threads, chunksInFlightMax: threads * chunksPerThreadMax, check, close };
};
