// What the projection runner feeds, and where it keeps results. Generic on purpose: the balance
// index, fraud alerts and reimbursements are all projections of this one shape.
//
//   const myProjection: Projection<Database> = {       // Database: better-sqlite3, for SQLite
//     name: 'fraud-alerts',                            // unique; names the checkpoint
//     eventTypes: ['LoginRecorded', 'WalletCharged'],  // only these reach applyBatch
//     applyBatch: (tx, events) => { ... },             // synchronous, inside the batch transaction
//     reset: (tx) => { ... },                          // forget everything, for a rebuild
//   };
//
// - applyBatch receives events in global order, at most the runner's batchSizeMax, already
//   filtered by type; events of other types still advance the checkpoint, so waitFor works for any
//   position. Decode with toLedgerEvent. It must be deterministic (a rebuild replays it).
// - applyBatch and the checkpoint write run in ONE transaction (SQLite: one database transaction,
//   so write your tables through `tx` — the event store's own connection — with a `projection_`
//   name prefix; create them in your factory with CREATE TABLE IF NOT EXISTS). If applyBatch
//   throws, the whole batch rolls back, the checkpoint stays, and the projection stops with status
//   'failed' and the error's message.
// - Memory projections get a MemoryTransaction: register an undo with onRollback for each change
//   that must not survive a failed batch (or keep the whole batch's work until the end).
import type { EventStore, GlobalPosition, StoredEvent } from '../../domain/ports/event-store.ts';

export type Projection<Tx> = Readonly<{
  name: string;
  eventTypes: ReadonlyArray<string>;
  applyBatch: (tx: Tx, events: ReadonlyArray<StoredEvent>) => void;
  reset: (tx: Tx) => void;
  bulkRebuild?: BulkRebuild<Tx>;
}>;

// Optional: a faster way to rebuild from zero than replaying every batch through applyBatch.
// runner.rebuild calls begin in the transaction that resets the projection and its checkpoint,
// then applyBatch with large batches of the projection's types (each its own transaction; the
// checkpoint stays at zero), then finish in the transaction that moves the checkpoint to the last
// event read; live batches go on from there with applyBatch above. The rebuild is one logical
// unit: interrupted half-way, the checkpoint is still zero and the projection's next applyBatch
// must notice (its own marker) and start again from an empty state.
// sourceFor, optional: the projection's own reader of this store's events (the SQLite balance index
// over the SQLite store of its own database reads the events table), used instead of applyBatch;
// undefined for a store it cannot read, which then feeds applyBatch with StoredEvents.
// finishStep, optional: the work of finish that can be split, called in transactions of their own
// (the checkpoint still zero) until it answers 'done', before finish; it should return 'more' soon
// after shouldYield() turns true, so that the event loop gets a turn between two steps.
export type BulkRebuild<Tx> = Readonly<{
  begin: (tx: Tx) => void;
  applyBatch: (tx: Tx, events: ReadonlyArray<StoredEvent>) => void;
  sourceFor?: (store: EventStore) => BulkSource<Tx> | undefined;
  finishStep?: (tx: Tx, shouldYield: () => boolean) => 'more' | 'done';
  finish: (tx: Tx) => void;
}>;

// Applies the store's events with positions in (after, through], at most eventsMax of the
// projection's types, inside tx; returns the last position it covered (through once none is left).
export type BulkSource<Tx> = (tx: Tx, after: GlobalPosition, through: GlobalPosition, eventsMax: number) => GlobalPosition;

export type ProjectionPersistence<Tx> = Readonly<{
  // Runs work and the checkpoint write atomically: all of it or none of it.
  transaction: (work: (tx: Tx) => void) => void;
  loadCheckpoint: (name: string) => GlobalPosition;
  saveCheckpoint: (tx: Tx, name: string, position: GlobalPosition) => void;
}>;
