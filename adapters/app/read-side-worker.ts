// The read side's worker thread (started by read-side-host.ts): its own read-only connection to
// the event store, the read file, the projection runner. It tells the server when the file is
// ready to be read, each projection's progress, and what to log; the server wakes it at appends
// (sooner than its poll) and asks it to stop. Killed at any moment, it loses nothing: each batch
// commits its rows with its checkpoint, and the next worker resumes from there.
import { isLeft } from 'fp-ts/lib/Either.js';
import { parentPort, workerData } from 'node:worker_threads';
import { appendSignal } from '../event-store/catch-up-subscription.ts';
import { HostMessageCodec, type WorkerMessage, WorkerDataCodec } from './read-side-messages.ts';
import { openRunnerStore, startReadSideRunner } from './read-side-runner.ts';

const port = parentPort;
if (port === null) throw new Error('read-side-worker.ts runs only as a worker thread');
const post = (message: WorkerMessage): void => port.postMessage(message);
const log = (line: string): void => post({ kind: 'log', line });

const run = async (): Promise<void> => {
  const data = WorkerDataCodec.decode(workerData);
  if (isLeft(data)) throw new Error('read side worker: bad worker data');
  const appended = appendSignal();
  const store = openRunnerStore(data.right.location, appended.wakeSource);
  const running = await startReadSideRunner(store, {
    readPath: data.right.readPath, log, offServerLoop: true,
    onProgress: (status) => post({ kind: 'progress', status: { ...status } }),
  });
  let stopping = false;
  port.on('message', (raw: unknown) => {
    const message = HostMessageCodec.decode(raw);
    if (isLeft(message)) return log('read side worker: ignored a message it does not know');
    if (message.right.kind === 'appended') return appended.notify();
    if (stopping) return;
    stopping = true;
    void running.stop().then(() => store.close()).finally(() => port.close());
  });
  post({ kind: 'opened' });
  for (const status of running.runner.statuses()) post({ kind: 'progress', status: { ...status } });
};

run().catch((error: unknown) => {
  post({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  port.close();
});
