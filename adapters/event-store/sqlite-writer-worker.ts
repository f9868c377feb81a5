// The SQLite store's writer thread (started by sqlite-writer-host.ts): its own connection to the
// store's file, the same append writer and group commit as the inline store (expected revisions,
// the hash chain, one transaction and one fsync per group, synchronous=FULL), so the store's event
// loop never waits for a COMMIT. It answers each batch with its outcomes, in order.
import { isLeft } from 'fp-ts/lib/Either.js';
import { parentPort, workerData } from 'node:worker_threads';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { createAppendWriter } from './sqlite-append-writer.ts';
import { type CommittedGroup, createGroupCommit } from './sqlite-group-commit.ts';
import { openDatabase } from './sqlite-open-database.ts';
import type { WriteOutcome } from './sqlite-row-append.ts';
import { prepareStatements } from './sqlite-statements.ts';
import { StoreMessageCodec, type WriterMessage, type WriterOutcome, WriterDataCodec } from './sqlite-writer-messages.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-worker.ts runs only as a worker thread');
const post = (message: WriterMessage): void => port.postMessage(message);

const outcomeOf = (result: PromiseSettledResult<WriteOutcome>): WriterOutcome => {
  if (result.status === 'fulfilled') return result.value;
  const error: unknown = result.reason;
  return {
    kind: 'failed', corrupted: error instanceof StoreCorruptedError, message: error instanceof Error ? error.message : String(error),
  };
};

const run = (): void => {
  const data = WriterDataCodec.decode(workerData);
  if (isLeft(data)) throw new Error('sqlite writer thread: bad worker data');
  const { path, busyTimeoutMs, limits } = data.right;
  const database = openDatabase(path, busyTimeoutMs);
  const statements = prepareStatements(database);
  // The store's clock as of its latest batch: recordedAt stays monotonic in the writer anyway.
  let nowMs = Date.now();
  const writer = createAppendWriter(database, statements, { now: () => new Date(nowMs) });
  const groups: CommittedGroup[] = [];
  const groupCommit = createGroupCommit(writer, (group) => void groups.push(group), limits);
  const batches = new Set<Promise<void>>();
  let stopping = false;

  port.on('message', (raw: unknown) => {
    const decoded = StoreMessageCodec.decode(raw);
    // Only the store posts here; a message it cannot have sent is a bug, not something to skip.
    if (isLeft(decoded)) throw new Error('sqlite writer thread: a message the store does not send');
    const message = decoded.right;
    if (message.kind === 'append') {
      nowMs = message.nowMs;
      const batch = Promise.allSettled(message.appends.map((append) => groupCommit.enqueue(append))).then((results) => {
        post({ kind: 'written', batch: message.batch, outcomes: results.map(outcomeOf), groups: groups.splice(0), otherWriterCommits: writer.otherWriterCommits() });
      });
      batches.add(batch);
      void batch.finally(() => batches.delete(batch));
      return;
    }
    if (stopping) return;
    stopping = true;
    groupCommit.drainAndStop();
    void Promise.all(batches).then(() => {
      database.close();
      post({ kind: 'stopped' });
      port.close();
    });
  });
};

try {
  run();
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
  port.close();
}
