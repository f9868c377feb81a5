// A chunk of bundle lines checked on their own, in a worker thread (bundle-check-worker.ts) or on
// the verifier's thread: each line parsed and decoded; each event's own hash and leaf computed
// (checked-event.ts); each node table line's hashes decoded. The result is packed in a few typed
// arrays and strings, cheap to send between threads, in line order; the verifier applies it in
// the chunks' order (bundle-verifier.ts acceptChunk), where the order-dependent checks run.
// Nothing here is trusted input: a line is packed only as its codec decoded it; any other line
// goes over as parsed and is judged by the verifier like a line it read itself.
import { forEachLine, parsedOrNull } from './bundle-file.ts';
import { type EventLine, type NodesLine, decodeBundleLine } from './bundle-lines.ts';
import { type CheckedEvent, checkEventLine, hashPattern, writeEventLeaf } from './checked-event.ts';
import { hashSizeBytes } from './merkle-hash.ts';

export const entryKind = { event: 0, nodes: 1, other: 2 } as const;
export const eventFlag = { wellFormed: 1, ownHashMatches: 2, previousHashWellFormed: 4 } as const;
const hexLength = 2 * hashSizeBytes;
const filler = '0'.repeat(hexLength);

export type CheckedEvents = Readonly<{
  count: number; logIndex: Float64Array; revision: Float64Array; flags: Uint8Array;
  // Stream ids once per chunk, and each event's place among them.
  streamIds: string[]; streamOf: Uint32Array;
  // Each event's hash and previousHash, 64 hex digits each, end to end (a filler when malformed).
  hashes: string; previousHashes: string;
  leaves: Uint8Array;
}>;
// A node table line: nodes before `valid` have a 32-byte hash; the one at `valid` (if any) not.
export type PackedNodes = Readonly<{ count: number; valid: number; starts: Float64Array; ends: Float64Array; hashes: Uint8Array }>;
export type CheckedChunk = Readonly<{ entries: Uint8Array; entryCount: number; events: CheckedEvents; nodes: PackedNodes[]; others: unknown[] }>;

const linesIn = (bytes: Uint8Array): number => {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines += 1;
  return lines;
};

export const packNodes = (line: NodesLine): PackedNodes => {
  const count = line.nodes.length;
  const packed = { count, valid: count, starts: new Float64Array(count), ends: new Float64Array(count), hashes: new Uint8Array(count * hashSizeBytes) };
  for (let index = 0; index < count; index += 1) {
    const [start, end, base64] = line.nodes[index] ?? [0, 0, ''];
    const hash = Buffer.from(base64, 'base64');
    if (hash.length !== hashSizeBytes) return { ...packed, valid: index };
    packed.starts[index] = start;
    packed.ends[index] = end;
    packed.hashes.set(hash, index * hashSizeBytes);
  }
  return packed;
};

export const checkBundleChunk = (bytes: Uint8Array): CheckedChunk => {
  const capacity = linesIn(bytes);
  const entries = new Uint8Array(capacity);
  const logIndex = new Float64Array(capacity);
  const revision = new Float64Array(capacity);
  const flags = new Uint8Array(capacity);
  const streamOf = new Uint32Array(capacity);
  const leaves = new Uint8Array(capacity * hashSizeBytes);
  const streamIds: string[] = [];
  const streamPlaces = new Map<string, number>();
  const hashes: string[] = [];
  const previousHashes: string[] = [];
  const nodes: PackedNodes[] = [];
  const others: unknown[] = [];
  let entryCount = 0;
  let events = 0;

  const packEvent = (line: EventLine): void => {
    const checked = checkEventLine(line);
    let stream = streamPlaces.get(line.streamId);
    if (stream === undefined) {
      stream = streamIds.push(line.streamId) - 1;
      streamPlaces.set(line.streamId, stream);
    }
    const previousWellFormed = hashPattern.test(line.previousHash);
    logIndex[events] = line.logIndex;
    revision[events] = line.revision;
    streamOf[events] = stream;
    flags[events] = (checked.wellFormed ? eventFlag.wellFormed : 0) | (checked.ownHashMatches ? eventFlag.ownHashMatches : 0)
      | (previousWellFormed ? eventFlag.previousHashWellFormed : 0);
    hashes.push(checked.wellFormed ? line.hash : filler);
    previousHashes.push(previousWellFormed ? line.previousHash : filler);
    if (checked.wellFormed) writeEventLeaf(line.hash, leaves, events * hashSizeBytes);
    events += 1;
  };

  forEachLine(bytes, (text) => {
    const raw = parsedOrNull(text);
    const line = decodeBundleLine(raw);
    if (line?.kind === 'event') {
      packEvent(line);
      entries[entryCount] = entryKind.event;
    } else if (line?.kind === 'nodes') {
      nodes.push(packNodes(line));
      entries[entryCount] = entryKind.nodes;
    } else {
      others.push(raw);
      entries[entryCount] = entryKind.other;
    }
    entryCount += 1;
  });
  return {
    entries, entryCount, nodes, others,
    events: { count: events, logIndex, revision, flags, streamIds, streamOf, hashes: hashes.join(''), previousHashes: previousHashes.join(''), leaves },
  };
};

// The event at `at` of a checked chunk, as the verifier reads it.
export const checkedEventAt = (events: CheckedEvents, at: number): CheckedEvent => {
  const flags = events.flags[at] ?? 0;
  return {
    logIndex: events.logIndex[at] ?? -1, streamId: events.streamIds[events.streamOf[at] ?? 0] ?? '', revision: events.revision[at] ?? -1,
    hash: events.hashes.slice(at * hexLength, (at + 1) * hexLength),
    // Not 64 hex digits: it cannot link to any hash the verifier accepted, nor to the genesis.
    previousHash: (flags & eventFlag.previousHashWellFormed) === 0 ? '' : events.previousHashes.slice(at * hexLength, (at + 1) * hexLength),
    wellFormed: (flags & eventFlag.wellFormed) !== 0, ownHashMatches: (flags & eventFlag.ownHashMatches) !== 0,
  };
};

// The typed arrays' memory, to transfer a chunk to another thread instead of copying it.
export const chunkTransferList = (chunk: CheckedChunk): ArrayBuffer[] => {
  const { events } = chunk;
  const buffers = [chunk.entries, events.logIndex, events.revision, events.flags, events.streamOf, events.leaves,
    ...chunk.nodes.flatMap((packed) => [packed.starts, packed.ends, packed.hashes])].map((array) => array.buffer);
  return buffers.filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
};
