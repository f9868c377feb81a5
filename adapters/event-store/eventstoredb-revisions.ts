// Expected revisions between the port and EventStoreDB, and the server's refusal back into the
// port's conflict value.
import {
  type AppendExpectedRevision, ANY, type CurrentRevision, NO_STREAM, WrongExpectedVersionError,
} from './eventstoredb-client.ts';
import type { ExpectedRevision, RevisionConflict, StreamId } from '../../domain/ports/event-store.ts';

// The plain mapping of the port's expectation.
export const toEventStoreDbRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected.kind) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'exact':
      return BigInt(expected.revision);
    default: {
      const unknown: never = expected;
      throw new Error(`unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
};

// What the adapter actually sends. Every event carries the hash of the one before it, computed
// here from the head the adapter read, so the server must refuse the append if the head moved in
// between — even when the caller said `any`. `any` therefore becomes "the head I just saw" (and
// the adapter retries, bounded, when that head moves); the others are checked by the server as
// the caller wrote them.
export const serverExpectedRevision = (
  expected: ExpectedRevision,
  observedHeadRevision: number | undefined,
): AppendExpectedRevision => {
  if (expected.kind !== 'any') return toEventStoreDbRevision(expected);
  return observedHeadRevision === undefined ? NO_STREAM : BigInt(observedHeadRevision);
};

export const fromCurrentRevision = (current: CurrentRevision): number | undefined => {
  if (current === NO_STREAM) return undefined;
  if (current < 0n || current > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`stream revision ${current} is outside the safe integer range`);
  }
  return Number(current);
};

export const fromStreamRevision = (revision: bigint): number => {
  const converted = fromCurrentRevision(revision);
  if (converted === undefined) throw new RangeError('stream revision missing');
  return converted;
};

// The server's refusal (thrown by appendToStream) as the port's conflict; undefined for any other
// error, which the caller translates with toStoreError.
export const conflictFrom = (
  error: unknown,
  streamId: StreamId,
  expected: ExpectedRevision,
): RevisionConflict | undefined => {
  if (!(error instanceof WrongExpectedVersionError)) return undefined;
  return { kind: 'conflict', streamId, expected, actualRevision: fromCurrentRevision(error.actualVersion) };
};
