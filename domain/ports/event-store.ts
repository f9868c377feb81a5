// The one EventStore port. Every store (memory, sqlite, eventstoredb) is a factory returning it,
// and test/adapters/event-store/event-store-contract.ts runs the same suite against each.

export type StreamId = string;

// A global position: the event's place in the store's total order, a positive integer. It is
// exposed on the wire as a decimal string and stored by projections as their checkpoint.
export type GlobalPosition = bigint;
export const positionBeforeAll: GlobalPosition = 0n;

export type ExpectedRevision =
  | Readonly<{ kind: 'no_stream' }>
  | Readonly<{ kind: 'any' }>
  | Readonly<{ kind: 'exact'; revision: number }>;

export const expectNoStream: ExpectedRevision = { kind: 'no_stream' };
export const expectAny: ExpectedRevision = { kind: 'any' };
export const expectExact = (revision: number): ExpectedRevision => ({ kind: 'exact', revision });

// What the ledger keeps beside an event's domain data: who caused it (a key id `role:name`,
// `system:<rule or job>` or `cli:<user>`). Kept apart from `data` so stored event shapes never
// change; covered by the event's hash (hash template v2, docs/event-hash.md).
export type EventMetadata = Readonly<{ issuedBy?: string }>;

// What a caller appends: the store stamps revision, position, recordedAt and the hash chain.
export type NewEvent = Readonly<{
  type: string;
  data: Readonly<Record<string, unknown>>;
  occurredAt: string;
  metadata?: EventMetadata;
}>;

export type StoredEvent = Readonly<{
  streamId: StreamId;
  revision: number;
  position: GlobalPosition;
  type: string;
  data: Readonly<Record<string, unknown>>;
  occurredAt: string;
  recordedAt: string;
  hash: string;
  previousHash: string;
  // Absent on events written before metadata existed (hashed with template v1); present, perhaps
  // empty, on every event written since (hashed with template v2).
  metadata?: EventMetadata;
}>;

export type Appended = Readonly<{ kind: 'appended'; streamId: StreamId; events: ReadonlyArray<StoredEvent> }>;
export type RevisionConflict = Readonly<{
  kind: 'conflict';
  streamId: StreamId;
  expected: ExpectedRevision;
  // The stream's last revision when the append was refused; undefined when it has no events.
  actualRevision: number | undefined;
}>;
export type AppendOutcome = Appended | RevisionConflict;

export type ReadStreamOptions = Readonly<{ fromRevision?: number; limit?: number }>;
export type ReadAllOptions = Readonly<{ after?: GlobalPosition; limit?: number; types?: ReadonlyArray<string> }>;
export type SubscribeOptions = Readonly<{ after?: GlobalPosition; types?: ReadonlyArray<string>; batchSizeMax?: number }>;

export type Subscription = Readonly<{
  // Resolves when the subscription has stopped (after the handler's current batch, if any).
  stop: () => Promise<void>;
  // Resolves with the error that stopped it, or undefined when stopped on purpose.
  done: Promise<Error | undefined>;
}>;

export type EventStore = Readonly<{
  append: (streamId: StreamId, events: ReadonlyArray<NewEvent>, expected: ExpectedRevision) => Promise<AppendOutcome>;
  // Forwards from a revision, at most `limit` (default and cap: pageSizeMax) events.
  readStream: (streamId: StreamId, options?: ReadStreamOptions) => Promise<ReadonlyArray<StoredEvent>>;
  // Global order, strictly after `after`, at most `limit` events, optionally only some types.
  readAll: (options?: ReadAllOptions) => Promise<ReadonlyArray<StoredEvent>>;
  // Catch-up subscription: delivers stored events after `after` in batches, then keeps delivering
  // new ones as they are appended. The handler is awaited before the next batch (back-pressure).
  subscribe: (options: SubscribeOptions, handler: (batch: ReadonlyArray<StoredEvent>) => Promise<void>) => Subscription;
  // The position of the last stored event (positionBeforeAll when empty).
  headPosition: () => Promise<GlobalPosition>;
  close: () => Promise<void>;
}>;

export const pageSizeMax = 1000;
export const appendBatchSizeMax = 10_000;

export const pageLimit = (limit: number | undefined): number => {
  if (limit === undefined) return pageSizeMax;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`page limit must be a positive integer, got ${limit}`);
  return Math.min(limit, pageSizeMax);
};

// Infrastructure failures, translated by every adapter into these tagged errors.
export class StoreUnavailableError extends Error {
  readonly tag = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export class StoreCorruptedError extends Error {
  readonly tag = 'store_corrupted';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreCorruptedError';
  }
}

export const checkExpectedRevision = (expected: ExpectedRevision, actualRevision: number | undefined): boolean => {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return actualRevision === undefined;
    case 'exact':
      return actualRevision === expected.revision;
  }
};
