// Command handling for any decider whose streams are short (an approval's is at most three
// events): read the whole stream (bounded), fold with evolve, decide, append with the expected
// revision, retry on a revision conflict (bounded). Commands of one stream run one at a time in
// this process. The account handler (command-handler.ts) is the same loop with a state cache and
// declined-attempt evidence for the charge path's sake.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { Decider } from '../../domain/decider.ts';
import { type EventStore, type StoredEvent, StoreCorruptedError, expectExact, expectNoStream, pageSizeMax } from '../../domain/ports/event-store.ts';
import { KeyedMutex } from './keyed-mutex.ts';

export type StreamCommandResult<S> = Readonly<{
  state: S;
  // The events this command appended; empty when it decided nothing new (a replay).
  appended: ReadonlyArray<StoredEvent>;
  // The stream as stored, oldest first (what a caller shapes an answer from).
  stream: ReadonlyArray<StoredEvent>;
}>;

export type StreamCommandFailure<S, R> =
  | Readonly<{ kind: 'rejected'; rejection: R; state: S }>
  | Readonly<{ kind: 'retries_exhausted'; attempts: number }>;

export type StreamCommandHandler<C, S, R> = (command: C, issuedBy?: string) => Promise<Either<StreamCommandFailure<S, R>, StreamCommandResult<S>>>;

// Longer streams than this are not this handler's kind: reading them whole would be unbounded.
export const streamLengthMax = pageSizeMax;
export const streamRetryCountMax = 16;

export const createStreamCommandHandler = <C, E extends Readonly<{ type: string; data: Readonly<{ occurredAt: string }> }>, S, R>(
  store: EventStore,
  decider: Decider<C, E, S, R>,
  codec: t.Type<E, Readonly<{ type: string; data: Readonly<Record<string, unknown>> }>, unknown>,
): StreamCommandHandler<C, S, R> => {
  const mutex = new KeyedMutex();
  const decode = (stored: StoredEvent): E => {
    const decoded = codec.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} of type ${stored.type} does not decode`);
    return decoded.right;
  };
  const read = async (streamId: string): Promise<ReadonlyArray<StoredEvent>> => {
    const stream = await store.readStream(streamId, { fromRevision: 0, limit: streamLengthMax });
    if (stream.length >= streamLengthMax) throw new StoreCorruptedError(`stream ${streamId} has ${streamLengthMax} events or more: not a short stream`);
    return stream;
  };
  const attempt = async (command: C, streamId: string, issuedBy: string | undefined) => {
    const stream = await read(streamId);
    const state = stream.map(decode).reduce(decider.evolve, decider.initialState());
    const decision = decider.decide(command, state);
    if (isLeft(decision)) return left({ kind: 'rejected' as const, rejection: decision.left, state });
    if (decision.right.length === 0) return right({ state, appended: [], stream });
    const expected = stream.length === 0 ? expectNoStream : expectExact(stream.length - 1);
    const metadata = issuedBy === undefined ? {} : { issuedBy };
    const events = decision.right.map((event) => {
      const { type, data } = codec.encode(event);
      return { type, data, occurredAt: event.data.occurredAt, metadata };
    });
    const outcome = await store.append(streamId, events, expected);
    if (outcome.kind === 'conflict') return undefined;
    return right({ state: decision.right.reduce(decider.evolve, state), appended: outcome.events, stream: [...stream, ...outcome.events] });
  };
  return (command, issuedBy) => {
    const streamId = decider.streamIdOf(command);
    return mutex.run(streamId, async () => {
      for (let attempts = 1; attempts <= streamRetryCountMax; attempts += 1) {
        const outcome = await attempt(command, streamId, issuedBy);
        if (outcome !== undefined) return outcome;
      }
      return left({ kind: 'retries_exhausted', attempts: streamRetryCountMax });
    });
  };
};
