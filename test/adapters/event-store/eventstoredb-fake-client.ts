// An in-process stand-in for @eventstore/db-client's EventStoreDBClient, so the contract suite can
// drive the adapter's own logic (hash chain, revisions, read-back, paging, filtering, batching)
// without a server. It copies the server behaviour the adapter relies on, as far as the client's
// code and docs tell it; what it cannot prove is that a real server behaves so — only the
// contract suite against a real server does (eventstoredb-event-store.int.test.ts):
// - $all positions are log byte offsets; the events of one append share the commit position (the
//   position of the append's first record) and have their own prepare positions;
// - EventStoreDB writes its own $-typed events to $all ($statsCollected here, between appends);
// - reads of $all include the record at fromPosition; subscriptions start after it;
// - reading a missing stream fails with StreamNotFoundError; a refused append throws
//   WrongExpectedVersionError; stream reads carry positions (servers 22.6 and later).
import {
  ANY, type AppendExpectedRevision, type AppendResult, type EventData, NO_STREAM, type Position, STREAM_EXISTS,
  StreamNotFoundError, UnavailableError, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Readable } from 'node:stream';
import type { EventStoreDbClientPort } from '../../../adapters/event-store/eventstoredb-client.ts';

type FakeRecord = {
  streamId: string; id: string; revision: bigint; type: string; data: unknown; metadata: unknown;
  isJson: true; created: Date; position: Position;
};

const compare = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : Number(a.commit - b.commit);

export class FakeEventStoreDb {
  private readonly log: FakeRecord[] = [];
  private readonly streams = new Map<string, FakeRecord[]>();
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<Readable>();
  private nextLogPosition = 4_096n;
  private appends = 0;

  // Every subscription open now fails as a dropped connection does.
  dropConnections(): void {
    for (const subscription of this.subscriptions) subscription.destroy(new UnavailableError(undefined, '14 UNAVAILABLE: Connection dropped'));
  }

  private write(streamId: string, events: ReadonlyArray<EventData>): Position {
    const stream = this.streams.get(streamId) ?? [];
    const commit = this.nextLogPosition;
    let last: Position = { commit, prepare: commit };
    events.forEach((event, index) => {
      const position = { commit, prepare: this.nextLogPosition };
      const record: FakeRecord = {
        streamId, id: event.id, revision: BigInt(stream.length), type: event.type, isJson: true, created: new Date(0), position,
        data: JSON.parse(JSON.stringify(event.data)), metadata: JSON.parse(JSON.stringify(event.metadata ?? null)),
      };
      stream.push(record);
      this.log.push(record);
      this.nextLogPosition += 120n + BigInt(JSON.stringify(event.data).length) + BigInt(index);
      last = position;
    });
    this.streams.set(streamId, stream);
    return last;
  }

  private checkRevision(streamId: string, expected: AppendExpectedRevision): void {
    const current = this.streams.get(streamId)?.at(-1)?.revision;
    const ok = expected === ANY || (expected === NO_STREAM ? current === undefined
      : expected === STREAM_EXISTS ? current !== undefined : current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current: current ?? NO_STREAM });
  }

  private readonly streamOf = (records: FakeRecord[], failure?: Error): Readable & { cancel: () => Promise<void> } => {
    const readable = Readable.from(
      (async function* () {
        if (failure !== undefined) throw failure;
        for (const record of records) yield { event: { ...record }, commitPosition: record.position.commit };
      })(),
    );
    return Object.assign(readable, { cancel: async () => void readable.destroy() });
  };

  private subscription(from: Position | 'start', regex: RegExp, highWaterMark: number): Readable {
    // The log is in position order: start after every record at or before `from`.
    let cursor = from === 'start' ? -1 : this.log.filter((record) => compare(record.position, from) <= 0).length - 1;
    let waiting = false;
    // Pushes the next matching record, or waits for an append; pull-driven, so a consumer that
    // stops reading stops the "server" (back-pressure).
    const pump = (): void => {
      for (;;) {
        const record = this.log[cursor + 1];
        if (record === undefined) {
          if (!waiting) {
            waiting = true;
            this.listeners.add(() => {
              waiting = false;
              pump();
            });
          }
          return;
        }
        cursor += 1;
        if (regex.test(record.type)) {
          readable.push({ event: { ...record }, commitPosition: record.position.commit });
          return;
        }
      }
    };
    const readable = new Readable({ objectMode: true, highWaterMark, read: pump });
    this.subscriptions.add(readable);
    readable.once('close', () => this.subscriptions.delete(readable));
    return Object.assign(readable, { unsubscribe: async () => void readable.destroy() });
  }

  client(): EventStoreDbClientPort {
    const fake: Record<keyof EventStoreDbClientPort, unknown> = {
      appendToStream: async (streamId: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}): Promise<AppendResult> => {
        await Promise.resolve();
        const list = Array.isArray(events) ? events : [events];
        this.checkRevision(streamId, options.expectedRevision ?? ANY);
        this.appends += 1;
        if (this.appends % 3 === 0) this.write('$stats-127.0.0.1:2113', [{ id: 's', contentType: 'application/json', type: '$statsCollected', data: {}, metadata: undefined }]);
        const position = this.write(streamId, list);
        for (const listener of [...this.listeners]) {
          this.listeners.delete(listener);
          listener();
        }
        return { success: true, nextExpectedRevision: this.streams.get(streamId)?.at(-1)?.revision ?? -1n, position };
      },
      readStream: (streamId: string, options: { direction?: string; fromRevision?: bigint | 'start' | 'end'; maxCount?: number | bigint } = {}) => {
        const stream = this.streams.get(streamId);
        if (stream === undefined) return this.streamOf([], new StreamNotFoundError(undefined, streamId));
        const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        if (options.direction === 'backwards') return this.streamOf(stream.slice().reverse().slice(0, count));
        const from = typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
        return this.streamOf(stream.slice(from, from + count));
      },
      readAll: (options: { direction?: string; fromPosition?: Position | 'start' | 'end'; maxCount?: number | bigint } = {}) => {
        const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        const from = options.fromPosition;
        if (options.direction === 'backwards') {
          const upTo = typeof from === 'object' ? this.log.filter((r) => compare(r.position, from) <= 0) : this.log;
          return this.streamOf(upTo.slice().reverse().slice(0, count));
        }
        const after = typeof from === 'object' ? this.log.filter((r) => compare(r.position, from) >= 0) : this.log;
        return this.streamOf(after.slice(0, count));
      },
      subscribeToAll: (options: { fromPosition?: Position | 'start'; filter?: { regex?: string } } = {}, readable: { highWaterMark?: number } = {}) =>
        this.subscription(options.fromPosition ?? 'start', new RegExp(options.filter?.regex ?? '.*'), readable.highWaterMark ?? 16),
      dispose: async () => {
        for (const subscription of this.subscriptions) subscription.destroy();
      },
    };
    return fake as EventStoreDbClientPort;
  }
}
