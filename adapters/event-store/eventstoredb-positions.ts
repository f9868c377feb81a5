// EventStoreDB places every record of $all at a Position {commit, prepare}. The ledger writes only
// over gRPC, and a gRPC append writes each event as its own self-committed prepare record, so each
// ledger event's position has commit = prepare = the record's own log position, unique and
// increasing (server source: StorageWriterService.cs writes one IsCommitted prepare per event;
// ResolvedEvent.cs gives a self-committed record the position (LogPosition, LogPosition)). The
// "shared commit, distinct prepare" of several events belongs to legacy TCP transactions only,
// which the ledger never makes. So the port's global position is the commit position itself: no
// packing, the same number EventStoreDB's own tools show.
//
// Records of other writers (another application's legacy transaction in a shared cluster) may have
// commit != prepare; they are never delivered (see eventstoredb-ledger-streams.ts), only stepped
// over, and stepping over uses the commit position, which orders $all.
import type { Position } from './eventstoredb-client.ts';
import { type GlobalPosition, StoreCorruptedError, StoreUnavailableError, positionBeforeAll } from '../../domain/ports/event-store.ts';

// Servers before 22.6 do not put positions on events read from a stream. The client cannot tell
// (proto3 sends an unset position as "0", which the client reports as {0, 0}), but no event ever
// sits at log position 0: a log starts with the server's own records (the epoch). So {0, 0} on an
// event means "no position": the server is too old for this adapter.
const isMissing = (position: Position): boolean => position.commit === 0n && position.prepare === 0n;

export const serverTooOldError = (): StoreUnavailableError =>
  new StoreUnavailableError(
    'EventStoreDB returned an event without its $all position: the server must be EventStoreDB 22.6 or later (or KurrentDB)',
  );

// The position of a ledger event (written over gRPC by this adapter).
export const toGlobalPosition = (position: Position): GlobalPosition => {
  if (isMissing(position)) throw serverTooOldError();
  const { commit, prepare } = position;
  if (commit <= 0n || commit !== prepare) {
    throw new StoreCorruptedError(
      `EventStoreDB position ${commit}/${prepare}: a ledger event is written over gRPC and has commit = prepare`,
    );
  }
  return commit;
};

// Where any record of $all lies in the global order (ledger event or not): its commit position.
export const orderOf = (position: Position): GlobalPosition => position.commit;

// The EventStoreDB position of a global position this module produced.
export const toEventStoreDbPosition = (global: GlobalPosition): Position => {
  if (global <= positionBeforeAll) throw new RangeError(`${global} is not a position of an EventStoreDB event`);
  return { commit: global, prepare: global };
};

// Where a read "strictly after `after`" starts. A forward read of $all INCLUDES the record at
// fromPosition (AllReader.cs), a subscription EXCLUDES it (Enumerator.AllSubscription.cs); callers
// drop anything at or before `after` themselves, which covers both.
export const readPositionAfter = (after: GlobalPosition | undefined): 'start' | Position =>
  after === undefined || after === positionBeforeAll ? 'start' : toEventStoreDbPosition(after);
