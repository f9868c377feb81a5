// The last revision and hash of recently written streams, so an append does not re-read its
// stream's head. Heads written inside a transaction are staged and become visible to later
// transactions only once it commits. The writer forgets everything when another connection has
// committed (PRAGMA data_version), so the cache never hides another process's appends; and the
// UNIQUE (stream_id, revision) key would refuse a write made from a stale head anyway.
export type StreamHead = Readonly<{ revision: number; hash: string }>;

export const cachedStreamHeadsMaxDefault = 100_000;

export class StreamHeads {
  private readonly committed = new Map<string, StreamHead>();
  private readonly staged = new Map<string, StreamHead>();

  constructor(
    private readonly readHead: (streamId: string) => StreamHead | undefined,
    private readonly cachedStreamHeadsMax: number = cachedStreamHeadsMaxDefault,
  ) {}

  get(streamId: string): StreamHead | undefined {
    return this.staged.get(streamId) ?? this.committed.get(streamId) ?? this.readHead(streamId);
  }

  // Only what is known without a query (committed by this connection and not forgotten).
  cached(streamId: string): StreamHead | undefined {
    return this.committed.get(streamId);
  }

  stage(streamId: string, head: StreamHead): void {
    this.staged.set(streamId, head);
  }

  commit(): void {
    for (const [streamId, head] of this.staged) {
      // Re-inserting moves the stream to the young end, so eviction drops the longest unwritten.
      this.committed.delete(streamId);
      this.committed.set(streamId, head);
      if (this.committed.size > this.cachedStreamHeadsMax) {
        const oldest = this.committed.keys().next();
        if (oldest.done !== true) this.committed.delete(oldest.value);
      }
    }
    this.staged.clear();
  }

  rollback(): void {
    this.staged.clear();
  }

  forgetAll(): void {
    this.committed.clear();
    this.staged.clear();
  }
}
