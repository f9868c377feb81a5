// What the SQLite store and its writer thread tell each other. Decoded on arrival like any input:
// the appends by the writer before they touch the file, the outcomes by the store before it
// answers its callers.
import * as t from 'io-ts';

const ExpectedRevisionCodec = t.union([
  t.type({ kind: t.literal('no_stream') }),
  t.type({ kind: t.literal('any') }),
  t.type({ kind: t.literal('exact'), revision: t.number }),
]);

const RowEventCodec = t.type({
  type: t.string, typeJson: t.string, occurredAt: t.string, occurredAtJson: t.string, dataJson: t.string, metadataJson: t.string,
});

export const RowAppendCodec = t.type({
  streamId: t.string, streamIdJson: t.string, expected: ExpectedRevisionCodec, events: t.readonlyArray(RowEventCodec),
});

const GroupLimitsCodec = t.type({ appendsPerGroupMax: t.number, eventsPerGroupMax: t.number, pendingAppendsMax: t.number });

export const WriterDataCodec = t.type({ path: t.string, busyTimeoutMs: t.number, limits: GroupLimitsCodec });
export type WriterData = t.TypeOf<typeof WriterDataCodec>;

// One batch per turn of the store's event loop; `nowMs` is the store's clock at that moment (its
// clock may be a test's manual clock, which a thread cannot share).
export const StoreMessageCodec = t.union([
  t.type({ kind: t.literal('append'), batch: t.number, nowMs: t.number, appends: t.readonlyArray(RowAppendCodec) }),
  t.type({ kind: t.literal('stop') }),
]);
export type StoreMessage = t.TypeOf<typeof StoreMessageCodec>;

const WriteOutcomeCodec = t.union([
  t.type({
    kind: t.literal('written'), streamId: t.string, firstPosition: t.bigint, firstRevision: t.number, recordedAt: t.string,
    previousHash: t.string, hashes: t.readonlyArray(t.string),
  }),
  t.type({
    kind: t.literal('conflict'), streamId: t.string, expected: ExpectedRevisionCodec, actualRevision: t.union([t.number, t.undefined]),
  }),
  // The append failed without being written (StoreCorruptedError when `corrupted`, else StoreUnavailableError).
  t.type({ kind: t.literal('failed'), corrupted: t.boolean, message: t.string }),
]);
export type WriterOutcome = t.TypeOf<typeof WriteOutcomeCodec>;

export const WriterMessageCodec = t.union([
  // A batch's outcomes in its order; the groups committed since the last message; how many
  // other connections' commits the writer has seen (its cached heads were dropped each time).
  t.type({
    kind: t.literal('written'), batch: t.number, outcomes: t.readonlyArray(WriteOutcomeCodec),
    groups: t.readonlyArray(t.type({ appends: t.number, events: t.number })), otherWriterCommits: t.number,
  }),
  t.type({ kind: t.literal('failed'), message: t.string }),
  t.type({ kind: t.literal('stopped') }),
]);
export type WriterMessage = t.TypeOf<typeof WriterMessageCodec>;
