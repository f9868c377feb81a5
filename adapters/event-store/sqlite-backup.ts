// A consistent online copy of the SQLite store: `VACUUM INTO`, which reads the whole database in
// ONE read transaction (a snapshot: in WAL mode writers go on meanwhile, and the copy holds exactly
// the commits before the snapshot, the -wal's included). SQLite's backup API is not used: it
// restarts from the first page whenever another connection writes, so under a steady load it may
// never finish. The copy runs in a worker thread so that the caller's event loop stays free to
// draw progress from the copy's growing size.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JavaScript (no loader needed in the worker): open read-only, copy, close.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.source, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
try {
  database.prepare('VACUUM INTO ?').run(workerData.target);
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, message: String(error && error.message || error) });
} finally {
  database.close();
}
`;

export type CopyProgress = (bytesWritten: number, bytesExpected: number) => void;

const progressIntervalMs = 200;
const busyTimeoutMs = 5_000;

const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

// The copy is written at `target`, which must not exist (VACUUM INTO refuses a non-empty file).
export const copySqliteStore = async (source: string, target: string, onProgress: CopyProgress): Promise<void> => {
  // What the copy will roughly weigh: the file and its write-ahead log (VACUUM drops free pages).
  const expected = sizeOf(source) + sizeOf(`${source}-wal`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, { eval: true, workerData: { driver, source, target, busyTimeoutMs } });
  const timer = setInterval(() => onProgress(sizeOf(target), expected), progressIntervalMs);
  try {
    await new Promise<void>((done, fail) => {
      worker.once('message', (message: unknown) => {
        const ok = typeof message === 'object' && message !== null && 'ok' in message && message.ok === true;
        const why = typeof message === 'object' && message !== null && 'message' in message ? String(message.message) : 'unknown error';
        if (ok) done();
        else fail(new Error(`backup: VACUUM INTO failed: ${why}`));
      });
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`backup: the copying thread exited (${code}) before it finished`)));
    });
  } finally {
    clearInterval(timer);
    await worker.terminate();
  }
  onProgress(sizeOf(target), Math.max(expected, sizeOf(target)));
};
