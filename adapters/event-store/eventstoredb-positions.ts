// EventStoreDB places every record of $all at a Position {commit, prepare}, ordered by commit,
// then prepare. The port wants one ordered bigint. The commit position alone is not enough: every
// event of one multi-event append shares the append's commit position (the transaction position)
// and differs only by its prepare position, and a checkpoint taken in the middle of such an append
// must resume in the middle of it. So both numbers are packed, order-preserving and reversibly:
//
//   global = commit * 2^24 + (prepare - commit + 2^23)
//
// The offset term lies in [0, 2^24) whenever |prepare - commit| < 2^23 (8 MiB). For appends made
// over gRPC prepare >= commit and the difference is the byte distance from the append's first
// record, below the server's maximum append size (1 MiB by default: keep MaxAppendSize under
// 8 MiB); legacy TCP transactions put the commit record after the prepares (prepare < commit),
// which the bias covers while they are small. Comparing two globals then compares
// (commit, prepare) exactly as $all does. A position breaking the bound is refused loudly, never
// silently misordered.
//
// Why 24 bits and not more: the globals stay below 2^63 (a signed 64-bit integer, what SQLite
// checkpoint columns hold) until the log reaches 2^39 bytes (512 GiB). Past that they keep
// working as bigints, but checkpoints must then be kept as decimal text.
import type { Position } from '@eventstore/db-client';
import { type GlobalPosition, StoreCorruptedError, positionBeforeAll } from '../../domain/ports/event-store.ts';

export const prepareOffsetBits = 24n;
const offsetBias = 1n << (prepareOffsetBits - 1n);
// The largest |prepare - commit| that can be ordered.
export const prepareOffsetMax = offsetBias - 1n;
const offsetMask = (1n << prepareOffsetBits) - 1n;

// gRPC stream reads from servers before 22.6 report this sentinel instead of a position.
export const unknownPositionSentinel = (1n << 64n) - 1n;

export const toGlobalPosition = (position: Position): GlobalPosition => {
  const { commit, prepare } = position;
  if (commit < 0n || prepare < 0n || commit === unknownPositionSentinel || prepare === unknownPositionSentinel) {
    throw new StoreCorruptedError(`EventStoreDB position ${commit}/${prepare} is not a log position`);
  }
  const offset = prepare - commit + offsetBias;
  if (offset < 0n || offset > offsetMask) {
    throw new StoreCorruptedError(
      `EventStoreDB position ${commit}/${prepare}: prepare is 8 MiB or more away from commit, cannot be ordered`,
    );
  }
  return (commit << prepareOffsetBits) + offset;
};

// The inverse, for positions this module produced. positionBeforeAll has no record: callers read
// from the start instead (see readPositionAfter).
export const toEventStoreDbPosition = (global: GlobalPosition): Position => {
  if (global < offsetBias) throw new RangeError(`${global} is not a position of an EventStoreDB event`);
  const commit = global >> prepareOffsetBits;
  const prepare = commit + (global & offsetMask) - offsetBias;
  return { commit, prepare };
};

// Where a read "strictly after `after`" starts. Reads of $all include the record at fromPosition
// and subscriptions exclude it, so callers also drop anything at or before `after` themselves.
export const readPositionAfter = (after: GlobalPosition | undefined): 'start' | Position =>
  after === undefined || after === positionBeforeAll ? 'start' : toEventStoreDbPosition(after);
