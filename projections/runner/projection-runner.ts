// The projection runner: the impure shell around pure projections. Each projection has its own
// catch-up subscription on the store's global order, starting after its persisted checkpoint;
// every batch (at most batchSizeMax events) is applied and checkpointed in one transaction.
//
//   const runner = createProjectionRunner({ store, persistence, projections: [balance, ...] });
//   runner.start();                                   // resumes each from its checkpoint (never built + bulk path: in bulk first)
//   await runner.waitFor('balance', position, 2_000); // read-your-writes after an append
//   runner.status('balance');                          // { state, checkpoint, error? }
//   await runner.rebuild('balance', 60_000);           // from zero (in bulk if it can), resolves when caught up
//   await runner.stop();
//
// A projection whose batch throws stops alone, loudly: its status is 'failed' with the error, its
// checkpoint stays at the last committed batch, waiters are told, and onFailure is called (default:
// console.error). The others go on. rebuild (or a restart) tries it again.
// A subscription that ends because the store failed (unavailable: a restart, a leader change, a
// network cut) is not the projection's fault: it is resumed from the checkpoint after a bounded,
// jittered backoff (resume-backoff.ts), again and again until the store answers; onResume says so.
// See projection.ts for the interface a projection implements.
import type { EventStore, GlobalPosition, StoredEvent, Subscription } from '../../domain/ports/event-store.ts';
import { StoreUnavailableError, positionBeforeAll } from '../../domain/ports/event-store.ts';
import { BulkRebuildOvertakenError, BulkRebuildStoppedError, rebuildInBulk } from './bulk-rebuild.ts';
import type { Projection, ProjectionPersistence } from './projection.ts';
import { type WaitOutcome, Waiters } from './waiters.ts';
import { ProjectionCodeError, type ResumeBackoff, isStoreOutage, resumeDelayMs, resumeBackoffDefault } from './resume-backoff.ts';

export type ProjectionState = 'stopped' | 'running' | 'failed';
// rebuiltThrough: while a bulk pass runs (its checkpoint stays zero until the end), the last
// position it has applied, for a progress display; absent otherwise.
// resuming: the store error its subscription ended on, while it waits to resume (state 'running').
export type ProjectionStatus = Readonly<{
  name: string; state: ProjectionState; checkpoint: GlobalPosition; error?: string; rebuiltThrough?: GlobalPosition; resuming?: string;
}>;

export type ProjectionRunnerOptions<Tx> = Readonly<{
  store: EventStore;
  persistence: ProjectionPersistence<Tx>;
  projections: ReadonlyArray<Projection<Tx>>;
  batchSizeMax?: number;
  waitersMax?: number;
  onFailure?: (name: string, error: Error) => void;
  // Told whenever a projection's checkpoint moves or its state changes, after the commit (the read
  // side's worker posts it to the API's waiters).
  onProgress?: (status: ProjectionStatus) => void;
  // A subscription ended on a store error and resumes after delayMs (default: console.warn).
  onResume?: (name: string, error: Error, delayMs: number) => void;
  resumeBackoff?: ResumeBackoff;
  // How long each transaction of a first build in bulk lasts, about (default sourceTransactionMsTarget,
  // for a runner on the server's event loop; see bulk-rebuild.ts).
  bulkTransactionMsTarget?: number;
}>;

export type ProjectionRunner = Readonly<{
  start: () => void;
  stop: () => Promise<void>;
  status: (name: string) => ProjectionStatus | undefined;
  statuses: () => ReadonlyArray<ProjectionStatus>;
  waitFor: (name: string, position: GlobalPosition, timeoutMs: number) => Promise<WaitOutcome>;
  rebuild: (name: string, timeoutMs: number) => Promise<WaitOutcome>;
}>;

export const batchSizeMaxDefault = 1000;

class CheckpointMovedBackError extends Error {
  constructor(name: string, readonly checkpoint: GlobalPosition) {
    super(`projection ${name}: its stored checkpoint moved back to ${checkpoint} (rebuilt elsewhere)`);
  }
}

type Running<Tx> = {
  readonly projection: Projection<Tx>;
  readonly types: ReadonlySet<string>;
  readonly waiters: Waiters;
  state: ProjectionState;
  checkpoint: GlobalPosition;
  // The last position the current subscription delivered (its `after` for the next batch).
  delivered: GlobalPosition;
  error?: string;
  subscription?: Subscription;
  // A rebuild from zero under way (runner.rebuild, or the first build at start), the first build
  // (deciding, then its pass, then subscribing), and whether stop() asked them to end.
  pass?: Promise<unknown>;
  starting?: Promise<void>;
  rebuiltThrough?: GlobalPosition;
  stopRequested: boolean;
  // Resumes in a row without a batch applied in between (the backoff's exponent), and the timer.
  resumes: number;
  resuming?: { error: string; timer: NodeJS.Timeout };
};

export const createProjectionRunner = <Tx>(options: ProjectionRunnerOptions<Tx>): ProjectionRunner => {
  const { store, persistence } = options;
  const onFailure = options.onFailure ?? ((name, error) => console.error(`projection ${name} failed:`, error));
  const onResume = options.onResume ?? ((name, error, delayMs) => console.warn(`projection ${name}: the store failed (${error.message}); resuming in ${delayMs} ms`));
  const backoff = options.resumeBackoff ?? resumeBackoffDefault;
  const names = new Set(options.projections.map((projection) => projection.name));
  if (names.size !== options.projections.length) throw new Error('projection runner: projection names must be unique');
  const running = new Map<string, Running<Tx>>(
    options.projections.map((projection) => [
      projection.name,
      {
        projection,
        types: new Set(projection.eventTypes),
        waiters: new Waiters(options.waitersMax),
        state: 'stopped',
        checkpoint: persistence.loadCheckpoint(projection.name),
        delivered: positionBeforeAll,
        stopRequested: false,
        resumes: 0,
      },
    ]),
  );

  // Another process may run the same projection on the same database: the checkpoint is read again
  // inside the batch's transaction (which holds the write lock), events at or before it are
  // skipped, and a checkpoint moved back behind this batch (a rebuild elsewhere) restarts the
  // subscription from it, since the events in between were never applied to the reset state.
  const applyBatch = (entry: Running<Tx>, batch: ReadonlyArray<StoredEvent>): void => {
    const last = batch.at(-1);
    if (last === undefined) return;
    const name = entry.projection.name;
    let stored = entry.checkpoint;
    entry.resumes = 0;
    try {
      transactBatch(entry, batch, last, (checkpoint) => { stored = checkpoint; });
    } catch (error) {
      if (error instanceof CheckpointMovedBackError) throw error;
      throw new ProjectionCodeError(error);
    }
    entry.delivered = last.position;
    entry.checkpoint = stored > last.position ? stored : last.position;
    reached(entry);
  };

  const transactBatch = (entry: Running<Tx>, batch: ReadonlyArray<StoredEvent>, last: StoredEvent, read: (stored: GlobalPosition) => void): void => {
    const name = entry.projection.name;
    persistence.transaction((tx) => {
      const stored = persistence.loadCheckpoint(name);
      read(stored);
      if (stored < entry.delivered) throw new CheckpointMovedBackError(name, stored);
      if (stored >= last.position) return;
      const relevant = batch.filter((event) => event.position > stored && entry.types.has(event.type));
      if (relevant.length > 0) entry.projection.applyBatch(tx, relevant);
      persistence.saveCheckpoint(tx, name, last.position);
    });
  };

  const reached = (entry: Running<Tx>): void => {
    entry.waiters.reached(entry.checkpoint);
    options.onProgress?.(statusOf(entry));
  };

  const subscribe = (entry: Running<Tx>): void => {
    entry.state = 'running';
    delete entry.error;
    entry.delivered = entry.checkpoint;
    const subscription = store.subscribe(
      { after: entry.checkpoint, ...(options.batchSizeMax === undefined ? {} : { batchSizeMax: options.batchSizeMax }) },
      async (batch) => applyBatch(entry, batch),
    );
    entry.subscription = subscription;
    void subscription.done.then((error) => {
      if (entry.subscription !== subscription || error === undefined) return;
      if (error instanceof CheckpointMovedBackError) {
        entry.checkpoint = error.checkpoint;
        subscribe(entry);
        return;
      }
      if (isStoreOutage(error)) return resumeLater(entry, error, () => subscribe(entry));
      fail(entry, error instanceof ProjectionCodeError ? error.original : error);
    });
  };

  const resumeLater = (entry: Running<Tx>, error: Error, resume: () => void): void => {
    delete entry.subscription;
    const delayMs = resumeDelayMs(entry.resumes, backoff);
    entry.resumes += 1;
    const timer = setTimeout(() => {
      delete entry.resuming;
      options.onProgress?.(statusOf(entry));
      if (!entry.stopRequested && entry.subscription === undefined && entry.pass === undefined) resume();
    }, delayMs);
    entry.resuming = { error: error.message, timer };
    options.onProgress?.(statusOf(entry));
    onResume(entry.projection.name, error, delayMs);
  };

  const fail = (entry: Running<Tx>, error: Error): void => {
    entry.state = 'failed';
    entry.error = error.message;
    entry.waiters.failed(error.message);
    options.onProgress?.(statusOf(entry));
    onFailure(entry.projection.name, error);
  };

  // From zero: the projection's bulk path when it has one (see projection.ts), else reset and replay.
  const restartFromZero = async (entry: Running<Tx>): Promise<void> => {
    const projection = entry.projection;
    const bulk = projection.bulkRebuild;
    if (bulk === undefined) {
      persistence.transaction((tx) => {
        projection.reset(tx);
        persistence.saveCheckpoint(tx, projection.name, positionBeforeAll);
      });
      entry.checkpoint = positionBeforeAll;
      return;
    }
    entry.state = 'running';
    delete entry.error;
    entry.checkpoint = positionBeforeAll;
    entry.rebuiltThrough = positionBeforeAll;
    try {
      const shouldStop = () => entry.stopRequested;
      const onProgress = (through: GlobalPosition) => {
        entry.rebuiltThrough = through;
      };
      entry.checkpoint = await rebuildInBulk(store, persistence, projection, bulk, undefined, shouldStop, options.bulkTransactionMsTarget, onProgress);
    } catch (error) {
      if (!(error instanceof BulkRebuildOvertakenError)) throw error;
      // Another process on the file is building it (its live batch restarted it from zero, or its
      // own bulk pass): go on from its checkpoint, cooperating batch by batch as any two runners do.
      entry.checkpoint = persistence.loadCheckpoint(projection.name);
    } finally {
      delete entry.rebuiltThrough;
    }
  };

  // Runs work (a rebuild from zero) as the entry's pass, so that stop() can end it and wait for it,
  // and a second rebuild sees it at once. The caller tells the waiters, once nothing of the pass is
  // left under way (a waiter may rebuild).
  const asPass = async (entry: Running<Tx>, work: () => Promise<void>): Promise<void> => {
    const pass = work();
    entry.pass = pass;
    try {
      await pass;
    } finally {
      delete entry.pass;
    }
  };

  // The first build of a projection that has never been built (checkpoint zero) and has a bulk
  // path: that path, then the subscription from where it ended. A file served for the first time
  // (or after a projection was added) then builds at bulk speed instead of replaying batch by batch.
  const firstBuild = async (entry: Running<Tx>): Promise<void> => {
    try {
      // An empty store has nothing to build in bulk: the subscription takes every event as it comes.
      const hasEvents = (await store.headPosition()) > positionBeforeAll;
      if (hasEvents && !entry.stopRequested) await asPass(entry, () => restartFromZero(entry));
    } catch (error) {
      if (error instanceof BulkRebuildStoppedError) return;
      // The store did not answer (at start, or during the pass): build again from zero later.
      if (error instanceof StoreUnavailableError && !entry.stopRequested) {
        return resumeLater(entry, error, () => { entry.starting = firstBuild(entry); });
      }
      return fail(entry, error instanceof Error ? error : new Error(String(error)));
    } finally {
      delete entry.starting;
    }
    if (entry.stopRequested) return;
    subscribe(entry);
    reached(entry);
  };

  const halt = async (entry: Running<Tx>): Promise<void> => {
    clearTimeout(entry.resuming?.timer);
    delete entry.resuming;
    const subscription = entry.subscription;
    delete entry.subscription;
    if (entry.state === 'running') entry.state = 'stopped';
    await subscription?.stop();
  };

  const statusOf = (entry: Running<Tx>): ProjectionStatus => ({
    name: entry.projection.name,
    state: entry.state,
    checkpoint: entry.checkpoint,
    ...(entry.error === undefined ? {} : { error: entry.error }),
    ...(entry.rebuiltThrough === undefined ? {} : { rebuiltThrough: entry.rebuiltThrough }),
    ...(entry.resuming === undefined ? {} : { resuming: entry.resuming.error }),
  });

  const waitFor = (name: string, position: GlobalPosition, timeoutMs: number): Promise<WaitOutcome> => {
    const entry = running.get(name);
    if (entry === undefined) return Promise.resolve({ kind: 'unknown_projection' });
    if (entry.state === 'failed') return Promise.resolve({ kind: 'failed', error: entry.error ?? 'failed' });
    return entry.waiters.wait(position, entry.checkpoint, timeoutMs);
  };

  let firstBuilds: Promise<void> = Promise.resolve();

  return {
    start: () => {
      for (const entry of running.values()) {
        entry.stopRequested = false;
        if (entry.subscription !== undefined || entry.pass !== undefined || entry.starting !== undefined || entry.resuming !== undefined) continue;
        if (entry.checkpoint !== positionBeforeAll || entry.projection.bulkRebuild === undefined) {
          subscribe(entry);
          continue;
        }
        // One first build at a time: a single thread gains nothing from interleaving them, and
        // each holds a batch of events in memory (the server's peak memory at a cold start).
        const building = firstBuilds.then(() => firstBuild(entry));
        entry.starting = building;
        firstBuilds = building;
      }
    },
    stop: async () => {
      for (const entry of running.values()) entry.stopRequested = true;
      await Promise.allSettled([...running.values()].flatMap((entry) => [entry.pass, entry.starting]));
      await Promise.all([...running.values()].map(halt));
      for (const entry of running.values()) entry.waiters.stopped(entry.checkpoint);
    },
    status: (name) => {
      const entry = running.get(name);
      return entry === undefined ? undefined : statusOf(entry);
    },
    statuses: () => [...running.values()].map(statusOf),
    waitFor,
    rebuild: async (name, timeoutMs) => {
      const entry = running.get(name);
      if (entry === undefined) return { kind: 'unknown_projection' };
      // Two rebuilds of one projection at once would write over each other's pass.
      if (entry.pass !== undefined || entry.starting !== undefined) {
        return { kind: 'failed', error: `a rebuild of ${name} is already under way` };
      }
      // Before the pass: a stop() asked while it halts the subscription must still end it.
      entry.stopRequested = false;
      try {
        await asPass(entry, async () => {
          await halt(entry);
          await restartFromZero(entry);
        });
        reached(entry);
      } catch (error) {
        if (error instanceof BulkRebuildStoppedError) return { kind: 'stopped', checkpoint: entry.checkpoint };
        const failure = error instanceof Error ? error : new Error(String(error));
        fail(entry, failure);
        return { kind: 'failed', error: failure.message };
      }
      // Stopped meanwhile (a projection without a bulk path has nothing to stop): no subscription.
      if (entry.stopRequested) return { kind: 'stopped', checkpoint: entry.checkpoint };
      const head = await store.headPosition();
      subscribe(entry);
      return waitFor(name, head, timeoutMs);
    },
  };
};
