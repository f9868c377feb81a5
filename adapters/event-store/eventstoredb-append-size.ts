// The server refuses a gRPC append whose events together exceed MaxAppendSize (1 MiB by default),
// counting each event as data + metadata + two bytes per character of its type (server source:
// Event.cs SizeOnDisk; Streams.BatchAppend.cs and Streams.Append.cs compare the sum with
// MaxAppendSize). One port append is one command's events, atomic: it is never split across
// server appends (a partial write would break the command's all-or-nothing). So an append the
// server would refuse is refused here, before anything is sent, saying by how much; callers that
// append many independent facts (the synthetic ledger's seeding) split them into appends that fit.
import type { EventData } from './eventstoredb-client.ts';

// ClusterVNodeOptions.cs: MaxAppendSize defaults to 1 MiB; docker-compose.yml keeps that default.
export const maxAppendSizeBytesDefault = 1024 * 1024;

const jsonBytes = (value: unknown): number => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8'));

// The size the server will count for these events, as the client serializes them (JSON text).
export const appendSizeBytes = (events: ReadonlyArray<EventData>): number =>
  events.reduce((sum, event) => sum + jsonBytes(event.data) + jsonBytes(event.metadata) + event.type.length * 2, 0);

export class AppendTooLargeError extends RangeError {
  readonly tag = 'append_too_large';
  constructor(streamId: string, eventCount: number, sizeBytes: number, maxAppendSizeBytes: number) {
    super(
      `EventStoreDB append to stream ${streamId}: ${eventCount} events of ${sizeBytes} bytes exceed the server's ` +
      `maximum append size of ${maxAppendSizeBytes} bytes (MaxAppendSize); one command's events are never split, ` +
      'so this append cannot be written: append fewer events at a time, or raise MaxAppendSize on the server ' +
      'and maxAppendSizeBytes in the adapter together',
    );
    this.name = 'AppendTooLargeError';
  }
}
