// The events' hashes of a store with sparse global positions (EventStoreDB), numbered densely for
// the log: the reader answers each event at position logIndex + 1, as a dense store would, so the
// feeder and the consistency checks (log-feeder.ts, log-consistency.ts) run unchanged. Each page
// read starts after the store position of the leaf before it: the one the previous page ended on
// (the feeder and the start check read in order), else the recorded mapping (log-positions.ts).
// Every page's positions are recorded before its nodes are written, so the mapping always covers
// the nodes: the feeder resumes after a restart from the position of its last leaf.
import { type EventStore, type GlobalPosition, pageLimit, positionBeforeAll } from '../../domain/ports/event-store.ts';
import type { EventHashReader } from './event-hashes.ts';
import type { LogPositions } from './log-positions.ts';

export const denseEventHashes = (store: EventStore, positions: LogPositions): EventHashReader => {
  let cursor: Readonly<{ leaves: bigint; position: GlobalPosition }> = { leaves: 0n, position: positionBeforeAll };
  const storePositionAfter = (leaves: bigint): GlobalPosition => {
    if (leaves === 0n) return positionBeforeAll;
    if (leaves === cursor.leaves) return cursor.position;
    const found = positions.positionOf(Number(leaves) - 1);
    if (found === undefined) throw new Error(`verifiable log: no store position is known for log index ${leaves - 1n}`);
    return found;
  };
  return async (after, limit) => {
    if (after < 0n || !Number.isSafeInteger(Number(after))) throw new RangeError(`verifiable log: ${after} is not a tree size`);
    const page = await store.readAll({ after: storePositionAfter(after), limit: pageLimit(limit) });
    const last = page.at(-1);
    if (last === undefined) return [];
    positions.record(Number(after), page.map((event) => event.position));
    cursor = { leaves: after + BigInt(page.length), position: last.position };
    return page.map((event, offset) => ({ position: after + BigInt(offset) + 1n, hash: event.hash }));
  };
};
