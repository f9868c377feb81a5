// TEST DOUBLE OF THE EVENTSTOREDB SERVER (never used in production): the transaction log behind
// the in-process gRPC test server. It models only what the ledger's adapter relies on, each rule
// taken from the EventStoreDB server's source (EventStore/EventStore, file and line cited; the
// server's code is not copied; line numbers are those of commit 3f1acb7e4, March 2025). The
// nodes of a test cluster share one log: replication is assumed perfect, which is what a
// quorum-acknowledged write gives a client.

// Server-side record of one event.
export type LogRecord = Readonly<{
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  createdTicks: bigint;
  // The record's log position: for gRPC appends commit = prepare = this (see append below).
  position: bigint;
  // The position just past the record (its "post position").
  postPosition: bigint;
}>;

export type ProposedEvent = Readonly<{ eventId: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array }>;

// Expected stream state as the server receives it (Streams.BatchAppend.cs: ExpectedStreamPositionCase).
export type ExpectedState = Readonly<{ kind: 'any' }> | Readonly<{ kind: 'no_stream' }> | Readonly<{ kind: 'stream_exists' }>
  | Readonly<{ kind: 'revision'; revision: bigint }>;

export type AppendResult =
  | Readonly<{ kind: 'success'; currentRevision: bigint; position: bigint }>
  | Readonly<{ kind: 'wrong_expected_version'; currentRevision: bigint | undefined }>;

// src/EventStore.Core/Data/Event.cs:23-24: SizeOnDisk = data + metadata + 2 bytes per type character.
// The gRPC append refuses a write whose summed SizeOnDisk exceeds MaxAppendSize
// (Streams.BatchAppend.cs:185-193, Streams.Append.cs:74-81).
export const sizeOnDisk = (event: ProposedEvent): number => event.data.length + event.metadata.length + event.type.length * 2;

// A prepare record's fixed part on disk (header, ids, stream name): only the gap between
// positions depends on it, and nothing in the adapter may depend on the gap.
const recordOverheadBytes = 96n;
// The first records of a real log are the server's own (epoch, $stream records): user events never start at 0.
const firstUserPosition = 4_096n;
const ticksPerMillisecond = 10_000n;
const unixEpochTicks = 621_355_968_000_000_000n;

export class TransactionLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = firstUserPosition;

  all(): ReadonlyArray<LogRecord> {
    return this.records;
  }

  stream(streamId: string): ReadonlyArray<LogRecord> | undefined {
    return this.streams.get(streamId);
  }

  currentRevision(streamId: string): bigint | undefined {
    return this.streams.get(streamId)?.at(-1)?.revision;
  }

  // Called after every write; subscriptions wait on it.
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // The expected-version check of an explicit write (StorageWriterService.cs, commitCheck in
  // WritePrepares): `any` always passes, `no_stream` needs no stream, `stream_exists` a stream,
  // a revision the stream's last revision. The server also makes a retried identical write
  // idempotent by event ids; the adapter sends fresh ids on every attempt, so that is not modelled.
  append(streamId: string, expected: ExpectedState, events: ReadonlyArray<ProposedEvent>, nowMs: number): AppendResult {
    const current = this.currentRevision(streamId);
    const accepted = expected.kind === 'any'
      || (expected.kind === 'no_stream' && current === undefined)
      || (expected.kind === 'stream_exists' && current !== undefined)
      || (expected.kind === 'revision' && current === expected.revision);
    if (!accepted) return { kind: 'wrong_expected_version', currentRevision: current };
    const stream = this.streams.get(streamId) ?? [];
    // StorageWriterService.cs:323-341: a gRPC append writes one prepare per event, each flagged
    // IsCommitted (an implicit transaction), so ResolvedEvent.cs:74-75 gives each event the
    // position (its own LogPosition, its own LogPosition): commit = prepare, per event. Only the
    // legacy TCP transactions share a commit position between events.
    for (const event of events) {
      const position = this.nextPosition;
      const postPosition = position + recordOverheadBytes + BigInt(sizeOnDisk(event) + streamId.length);
      const record: LogRecord = {
        ...event, streamId, revision: BigInt(stream.length), position, postPosition,
        createdTicks: BigInt(nowMs) * ticksPerMillisecond + unixEpochTicks,
      };
      stream.push(record);
      this.records.push(record);
      this.nextPosition = postPosition;
    }
    this.streams.set(streamId, stream);
    for (const listener of [...this.listeners]) listener();
    const last = stream.at(-1);
    // An empty append to a missing stream succeeds without creating it.
    return { kind: 'success', currentRevision: last?.revision ?? -1n, position: last?.position ?? this.nextPosition };
  }

  // AllReader.cs:113-114: a forward read of $all returns the records at or after the position
  // (fromPosition is INCLUSIVE).
  forwardFrom(position: bigint): number {
    const index = this.records.findIndex((record) => record.position >= position);
    return index === -1 ? this.records.length : index;
  }

  // AllReader.cs:243-244: a backward read returns the records whose post position is at or
  // before the position, so the record AT fromPosition is EXCLUDED.
  backwardFrom(position: bigint): number {
    let index = this.records.length - 1;
    while (index >= 0 && (this.records[index]?.postPosition ?? 0n) > position) index -= 1;
    return index;
  }

  // Enumerator.AllSubscription.cs:95-105 and 183: a subscription delivers only events after its
  // checkpoint (fromPosition is EXCLUSIVE).
  subscriptionFrom(position: bigint): number {
    const index = this.records.findIndex((record) => record.position > position);
    return index === -1 ? this.records.length : index;
  }

  // What a stream deletion followed by a scavenge leaves: the stream's records gone from the log
  // and from $all (the positions of the others unchanged). For tests of tamper detection.
  scavengeStream(streamId: string): void {
    const kept = this.records.filter((record) => record.streamId !== streamId);
    this.records.splice(0, this.records.length, ...kept);
    this.streams.delete(streamId);
  }

  headPosition(): bigint {
    return this.nextPosition;
  }
}
