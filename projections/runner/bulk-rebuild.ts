// runner.rebuild for a projection that offers a bulk path (BulkRebuild in projection.ts): reset
// and begin in one transaction, then the store's global order up to the head at the start, applied
// in transactions that leave the checkpoint at zero, then finish and the checkpoint in one
// transaction. Resolves with the last position read; the caller subscribes from there for
// whatever was appended meanwhile. The events come either
// - through the store port: readAll pages of StoredEvents of the projection's types, applied in
//   transactions of at most batchEventsMax (bulkBatchEventsMax unless given); memory: that many
//   events plus one page (StoredEvents are large: 50,000 of them held about 130 MiB more at the peak
//   than 5,000, for the same speed, measured on the fraud detector's and the chain's first builds); or
// - from the projection's own source, when it reads this store's rows itself (sourceFor in
//   projection.ts: the SQLite balance index over the SQLite store's own database), one transaction per
//   call, sized by time (nextSourceTransactionEvents below), of at most batchEventsMax
//   (sourceTransactionEventsMax unless given; the source holds one page of rows, not the transaction).
// Either way the event loop gets a turn after every page.
// Another process on the same database may apply a live batch meanwhile (a server beside an
// operator's rebuild): it finds the checkpoint at zero and starts the projection again from zero
// itself. Every transaction of the pass after the first therefore checks, under the write lock,
// that the checkpoint is still zero, and the pass fails with BulkRebuildOvertakenError otherwise,
// rather than finish over rows it no longer owns and move the checkpoint past events never applied.
import type { EventStore, GlobalPosition, StoredEvent } from '../../domain/ports/event-store.ts';
import { pageSizeMax, positionBeforeAll } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import type { BulkRebuild, BulkSource, Projection, ProjectionPersistence } from './projection.ts';

export const bulkBatchEventsMax = 5_000;
export const sourceTransactionEventsMax = 50_000;

// Another process took the projection over during the pass: its live batch restarted it from zero
// (the checkpoint moved), or it began a bulk pass of its own (the projection's own check).
export class BulkRebuildOvertakenError extends Error {
  constructor(readonly projection: string, reason: string) {
    super(`bulk rebuild of ${projection}: ${reason}`);
    this.name = 'BulkRebuildOvertakenError';
  }
}

// The runner is stopping (a server shutting down, an operator's timeout): the pass ends between two
// transactions, leaving the projection to start again from zero next time.
export class BulkRebuildStoppedError extends Error {
  constructor(readonly projection: string) {
    super(`bulk rebuild of ${projection}: stopped`);
    this.name = 'BulkRebuildStoppedError';
  }
}

export type ShouldStop = () => boolean;
const never: ShouldStop = () => false;
// Told the last position applied after every transaction of the reads (for a progress display).
export type OnProgress = (appliedThrough: GlobalPosition) => void;
const ignore: OnProgress = () => undefined;

// The persistence of the pass: each transaction first checks that the pass should go on and that
// the checkpoint is still zero.
const passPersistence = <Tx>(persistence: ProjectionPersistence<Tx>, name: string, shouldStop: ShouldStop): ProjectionPersistence<Tx> => ({
  ...persistence,
  transaction: (work) => persistence.transaction((tx) => {
    if (shouldStop()) throw new BulkRebuildStoppedError(name);
    const checkpoint = persistence.loadCheckpoint(name);
    if (checkpoint !== positionBeforeAll) {
      throw new BulkRebuildOvertakenError(name, `another process moved its checkpoint to ${checkpoint} during the pass`);
    }
    work(tx);
  }),
});
// A source's transactions are sized by time: each lasts about sourceTransactionMsTarget, so the
// event loop (a server's requests) gets a turn at least that often, while a ledger of many accounts
// (whose rows land on many pages, so that small transactions rewrite the same pages over and over)
// still gets large ones: on 1,000,000 events of 1,000 accounts, 1,000 events per transaction took
// 24 s and 50,000 took 8 s. A transaction cannot span an await (the store's own appends share the
// connection), so this is the only lever. Sizes start at one store page and at most double or
// halve from one transaction to the next.
// 50 ms is for a runner on the server's own event loop. A runner off it (the read side's worker, the
// `project` process) serves no request: it takes offThreadTransactionMsTarget, because under load
// the 50 ms target shrank the transactions (and the balance index's first build doubled its CPU,
// 50 s against 24 s on 1,000,000 events, measured on a loaded machine).
export const sourceTransactionMsTarget = 50;
export const offThreadTransactionMsTarget = 1_000;
export const sourceTransactionEventsMin = pageSizeMax;

export const nextSourceTransactionEvents = (events: number, tookMs: number, targetMs: number, eventsMax: number): number => {
  const floor = Math.min(sourceTransactionEventsMin, eventsMax);
  const scaled = tookMs <= 0 ? events * 2 : Math.round((events * targetMs) / tookMs);
  return Math.max(floor, Math.min(eventsMax, events * 2, Math.max(Math.ceil(events / 2), scaled)));
};

const applyFromSource = async <Tx>(
  persistence: ProjectionPersistence<Tx>, source: BulkSource<Tx>, head: GlobalPosition, batchEventsMax: number, targetMs: number,
  onProgress: OnProgress,
) => {
  let after = positionBeforeAll;
  let events = Math.min(sourceTransactionEventsMin, batchEventsMax);
  while (after < head) {
    const from = after;
    const started = performance.now();
    persistence.transaction((tx) => {
      after = source(tx, from, head, events);
    });
    events = nextSourceTransactionEvents(events, performance.now() - started, targetMs, batchEventsMax);
    onProgress(after);
    if (after <= from) throw new Error(`bulk rebuild: the source made no progress after position ${from}`);
    await yieldToEventLoop();
  }
  return after;
};

const applyThroughPort = async <Tx>(
  store: EventStore, persistence: ProjectionPersistence<Tx>, projection: Projection<Tx>, bulk: BulkRebuild<Tx>, head: GlobalPosition,
  batchEventsMax: number, shouldStop: ShouldStop, onProgress: OnProgress,
) => {
  let after = positionBeforeAll;
  let pending: StoredEvent[] = [];
  const flush = (): void => {
    const events = pending;
    pending = [];
    if (events.length > 0) persistence.transaction((tx) => bulk.applyBatch(tx, events));
    onProgress(after);
  };
  while (after < head) {
    // Only the projection's types: the store skips the others (an index on type for SQLite), so a
    // projection of a few types reads a few rows, not the whole log.
    const page = await store.readAll({ after, types: projection.eventTypes });
    const last = page.at(-1);
    if (last === undefined) {
      // None of its types up to the head read at the start: the pass covered everything up to it.
      after = head;
      break;
    }
    for (const event of page) pending.push(event);
    after = last.position;
    if (pending.length >= batchEventsMax) flush();
    await yieldToEventLoop();
    // Not only at the next transaction: reads go on for up to batchEventsMax events without one.
    if (shouldStop()) throw new BulkRebuildStoppedError(projection.name);
  }
  flush();
  return after;
};

// The splittable part of finish, in transactions of about targetMs each, with a turn of the event
// loop between them (a ledger of 10,000,000 events would otherwise stall it for about 10 s).
const finishInSteps = async <Tx>(
  pass: ProjectionPersistence<Tx>, bulk: BulkRebuild<Tx>, targetMs: number, shouldStop: ShouldStop, name: string,
): Promise<void> => {
  const step = bulk.finishStep;
  if (step === undefined) return;
  for (let done = false; !done;) {
    const started = performance.now();
    pass.transaction((tx) => {
      done = step(tx, () => performance.now() - started >= targetMs) === 'done';
    });
    await yieldToEventLoop();
    if (shouldStop()) throw new BulkRebuildStoppedError(name);
  }
};

export const rebuildInBulk = async <Tx>(
  store: EventStore, persistence: ProjectionPersistence<Tx>, projection: Projection<Tx>, bulk: BulkRebuild<Tx>,
  batchEventsMax: number | undefined = undefined,
  shouldStop: ShouldStop = never,
  transactionMsTarget = sourceTransactionMsTarget,
  onProgress: OnProgress = ignore,
): Promise<GlobalPosition> => {
  if (batchEventsMax !== undefined && (!Number.isSafeInteger(batchEventsMax) || batchEventsMax < 1)) {
    throw new RangeError('bulk rebuild: batchEventsMax must be a positive integer');
  }
  const name = projection.name;
  persistence.transaction((tx) => {
    projection.reset(tx);
    persistence.saveCheckpoint(tx, name, positionBeforeAll);
    bulk.begin(tx);
  });
  // Bounded by the head at the start: later events reach the projection through its subscription.
  const head = await store.headPosition();
  const source = bulk.sourceFor?.(store);
  const pass = passPersistence(persistence, name, shouldStop);
  const after = source === undefined
    ? await applyThroughPort(store, pass, projection, bulk, head, batchEventsMax ?? bulkBatchEventsMax, shouldStop, onProgress)
    : await applyFromSource(pass, source, head, batchEventsMax ?? sourceTransactionEventsMax, transactionMsTarget, onProgress);
  await finishInSteps(pass, bulk, transactionMsTarget, shouldStop, name);
  pass.transaction((tx) => {
    bulk.finish(tx);
    persistence.saveCheckpoint(tx, name, after);
  });
  return after;
};
