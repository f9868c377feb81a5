// One read call to EventStoreDB, bounded: @eventstore/db-client reads with an infinite deadline,
// whatever the options say, so the adapter cancels a read that has not finished within
// readTimeoutMs. Stream-not-found is an empty read; other failures are the port's errors.
import {
  type EventStoreDbClientPort, NotLeaderError, type StreamingRead, StreamNotFoundError,
} from './eventstoredb-client.ts';
import { StoreUnavailableError } from '../../domain/ports/event-store.ts';
import { toStoreError } from './eventstoredb-errors.ts';

export type BoundedReadContext = Readonly<{
  client: EventStoreDbClientPort;
  // How long one read call may take from request to its last record.
  readTimeoutMs: number;
}>;

const collect = async <E>(read: AsyncIterable<E>): Promise<E[]> => {
  const items: E[] = [];
  for await (const item of read) items.push(item);
  return items;
};

export const drain = async <E>(context: BoundedReadContext, read: StreamingRead<E>, operation: string): Promise<E[]> => {
  let timer: NodeJS.Timeout | undefined;
  const collected = collect(read);
  // A late failure after the timeout has nobody to report to.
  collected.catch(() => undefined);
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void read.cancel().catch(() => undefined);
      reject(new StoreUnavailableError(
        `EventStoreDB ${operation} failed: no complete answer within ${context.readTimeoutMs} ms (the server is slow or unreachable)`,
      ));
    }, context.readTimeoutMs);
  });
  try {
    return await Promise.race([collected, timedOut]);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw toStoreError(error, operation);
  } finally {
    clearTimeout(timer);
  }
};

// Reads that must hit the leader (stream reads: the command path's fold and the chain's head) are
// refused by a node that lost leadership, naming the new leader; the client reconnects there, and
// a read is always safe to repeat.
const leaderReadAttemptsMax = 3;
const isNotLeader = (error: unknown): boolean => error instanceof StoreUnavailableError && error.cause instanceof NotLeaderError;

export const onLeader = async <T>(read: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= leaderReadAttemptsMax || !isNotLeader(error)) throw error;
    }
  }
};
