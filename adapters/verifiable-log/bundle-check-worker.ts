// A worker thread of the bundle verifier: checks the chunks of lines it is sent, each on its own
// (bundle-chunk.ts), and answers each with its sequence number; the typed arrays are transferred.
import { isLeft } from 'fp-ts/lib/Either.js';
import { parentPort } from 'node:worker_threads';
import { type CheckAnswer, CheckRequestCodec } from './bundle-check-messages.ts';
import { BundleLineTooLong } from './bundle-file.ts';
import { checkBundleChunk, chunkTransferList } from './bundle-chunk.ts';

const port = parentPort;
if (port === null) throw new Error('bundle-check-worker.ts runs only as a worker thread');

const answer = (sequence: number, bytes: Uint8Array): CheckAnswer => {
  try {
    return { kind: 'checked', sequence, chunk: checkBundleChunk(bytes) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: error instanceof BundleLineTooLong ? 'line too long' : 'failed', sequence, message };
  }
};

port.on('message', (raw: unknown) => {
  const request = CheckRequestCodec.decode(raw);
  if (isLeft(request)) return port.postMessage({ kind: 'failed', sequence: -1, message: 'bundle check worker: a message it does not know' });
  const reply = answer(request.right.sequence, request.right.bytes);
  return port.postMessage(reply, reply.kind === 'checked' ? chunkTransferList(reply.chunk) : []);
});
