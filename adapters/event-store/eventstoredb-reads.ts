// Reads from EventStoreDB for the port: a stream forwards, the stream's head, $all after a
// position (filtered), and the position of the last ledger event. Every read asks the server for a
// bounded count and waits a bounded time (@eventstore/db-client reads with an infinite deadline,
// whatever the options say: the bound is the adapter's); stream-not-found is an empty stream,
// other failures the port's errors. Records of $all that are not the ledger's (EventStoreDB's own,
// other applications' streams) are stepped over.
import { BACKWARDS, END, FORWARDS, type Position, type ResolvedEvent } from './eventstoredb-client.ts';
import {
  type GlobalPosition, type ReadAllOptions, type ReadStreamOptions, type StoredEvent, type StreamId,
  StoreUnavailableError, pageLimit, pageSizeMax, positionBeforeAll,
} from '../../domain/ports/event-store.ts';
import { type BoundedReadContext, drain, onLeader } from './eventstoredb-bounded-read.ts';
import type { LedgerStreamPredicate } from './eventstoredb-ledger-streams.ts';
import { toStoredEvent } from './eventstoredb-metadata.ts';
import { orderOf, readPositionAfter, toGlobalPosition } from './eventstoredb-positions.ts';
import { typePredicate } from './eventstoredb-type-filter.ts';

export type ReadContext = BoundedReadContext & Readonly<{ isLedgerStream: LedgerStreamPredicate }>;

// Reading $all with a type filter happens on the client (see eventstoredb-type-filter.ts), so one
// readAll call may scan many records to fill a page: this bounds the scan. Past it the call fails
// loudly instead of returning an empty page that would wrongly say "nothing after".
export const scanPagesMax = 1000;

const storedAtOwnPosition = (resolved: ResolvedEvent): StoredEvent | undefined => {
  const event = resolved.event;
  if (event === undefined) return undefined;
  // Servers before 22.6 leave the position out; the client then reports none or {0, 0}.
  return toStoredEvent(event, toGlobalPosition(event.position ?? { commit: 0n, prepare: 0n }));
};

const present = <T>(value: T | undefined): value is T => value !== undefined;

export const readStreamPage = async (
  context: ReadContext,
  streamId: StreamId,
  options: ReadStreamOptions = {},
): Promise<StoredEvent[]> => {
  const limit = pageLimit(options.limit);
  const from = options.fromRevision ?? 0;
  if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`fromRevision must be >= 0, got ${from}`);
  const read = () => context.client.readStream(streamId, {
    direction: FORWARDS, fromRevision: BigInt(from), maxCount: limit, requiresLeader: true,
  });
  return (await onLeader(() => drain(context, read(), `read of stream ${streamId}`))).map(storedAtOwnPosition).filter(present);
};

export const readStreamHead = async (context: ReadContext, streamId: StreamId): Promise<StoredEvent | undefined> => {
  const read = () => context.client.readStream(streamId, {
    direction: BACKWARDS, fromRevision: END, maxCount: 1, requiresLeader: true,
  });
  return (await onLeader(() => drain(context, read(), `read of the head of stream ${streamId}`))).map(storedAtOwnPosition).find(present);
};

export const readAllPage = async (context: ReadContext, options: ReadAllOptions = {}): Promise<StoredEvent[]> => {
  const limit = pageLimit(options.limit);
  const wanted = typePredicate(options.types);
  // Unfiltered, a page needs little more than `limit` records (EventStoreDB's own are few);
  // filtered by type, matches may be sparse, so scan in full pages. +1: the record at `after`.
  const scanSize = (options.types === undefined ? limit : pageSizeMax) + 1;
  let after = options.after ?? positionBeforeAll;
  const page: StoredEvent[] = [];
  for (let scanned = 0; page.length < limit; scanned += 1) {
    if (scanned === scanPagesMax) {
      if (page.length > 0) break;
      throw new StoreUnavailableError(`EventStoreDB readAll scanned ${scanPagesMax} pages without a matching event`);
    }
    const read = context.client.readAll({ direction: FORWARDS, fromPosition: readPositionAfter(after), maxCount: scanSize });
    const records = await drain(context, read, 'read of $all');
    let progressed = false;
    for (const record of records) {
      const event = record.event;
      if (event?.position === undefined) continue;
      const position = orderOf(event.position);
      // fromPosition is inclusive: the record at `after` comes back first.
      if (position <= after) continue;
      after = position;
      progressed = true;
      if (!wanted(event.type) || !context.isLedgerStream(event.streamId)) continue;
      page.push(toStoredEvent(event, toGlobalPosition(event.position)));
      if (page.length === limit) break;
    }
    // Fewer records than asked for: the end of $all.
    if (!progressed || records.length < scanSize) break;
  }
  return page;
};

// The last ledger event of $all. Reads backwards past other records, bounded. A backward read
// EXCLUDES the record at fromPosition (AllReader.cs), so each page starts at the last one seen.
export const headPositionOf = async (context: ReadContext, backwardPageSize: number): Promise<GlobalPosition> => {
  const wanted = typePredicate(undefined);
  let from: 'end' | Position = END;
  for (let scanned = 0; scanned < scanPagesMax; scanned += 1) {
    const read = context.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: backwardPageSize });
    const records = await drain(context, read, 'read of the head of $all');
    const last = records.at(-1)?.event?.position;
    const found = records.find(({ event }) => event !== undefined && wanted(event.type) && context.isLedgerStream(event.streamId));
    if (found?.event?.position !== undefined) return toGlobalPosition(found.event.position);
    if (last === undefined || records.length < backwardPageSize) return positionBeforeAll;
    from = last;
  }
  throw new StoreUnavailableError(`EventStoreDB head position: no ledger event in the last ${scanPagesMax} pages`);
};
