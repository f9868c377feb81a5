// The shapes an append takes on its way through the SQLite store: encoded when queued (all text,
// so it can cross to a writer thread), written compactly by the writer, and turned back into the
// port's StoredEvents by whoever kept the encoded append.
import type { AppendOutcome, EventMetadata, ExpectedRevision, RevisionConflict, StoredEvent, StreamId } from '../../domain/ports/event-store.ts';

// What a row and its hash need of an event, all text (this is what crosses to the writer's
// worker thread, when the store runs one: see sqlite-writer-host.ts).
export type RowEvent = Readonly<{
  type: string;
  typeJson: string;
  occurredAt: string;
  occurredAtJson: string;
  dataJson: string;
  metadataJson: string;
}>;
export type RowAppend = Readonly<{
  streamId: StreamId;
  streamIdJson: string;
  expected: ExpectedRevision;
  events: ReadonlyArray<RowEvent>;
}>;

// An event already encoded for the row and the hash (done when the append is queued, so a bad
// payload fails its own caller and never a group transaction), with what a read returns of it.
export type EncodedEvent = RowEvent & Readonly<{
  // What a read of this event will return as its data (see encodeData).
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
}>;
export type EncodedAppend = Omit<RowAppend, 'events'> & Readonly<{ events: ReadonlyArray<EncodedEvent> }>;

// A committed append, told compactly: its events' positions and revisions are consecutive from
// the first, each previousHash is the hash before it, and one recordedAt stamps them all.
export type Written = Readonly<{
  kind: 'written';
  streamId: StreamId;
  firstPosition: bigint;
  firstRevision: number;
  recordedAt: string;
  previousHash: string;
  hashes: ReadonlyArray<string>;
}>;
export type WriteOutcome = Written | RevisionConflict;

// The StoredEvents of a written append, from what the caller encoded and what the writer wrote.
export const toAppendOutcome = (append: EncodedAppend, outcome: WriteOutcome): AppendOutcome => {
  if (outcome.kind === 'conflict') return outcome;
  const { streamId, firstPosition, firstRevision, recordedAt, hashes } = outcome;
  if (hashes.length !== append.events.length) throw new Error(`sqlite event store: ${hashes.length} hashes for ${append.events.length} events`);
  let previousHash = outcome.previousHash;
  const events = append.events.map(({ type, data, occurredAt, metadata }, index): StoredEvent => {
    const hash = hashes[index] ?? '';
    const event = {
      streamId, revision: firstRevision + index, position: firstPosition + BigInt(index), type, data, occurredAt, recordedAt, hash, previousHash, metadata,
    };
    previousHash = hash;
    return event;
  });
  return { kind: 'appended', streamId, events };
};
