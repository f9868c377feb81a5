// The auditor's verifier: trusts only the log's verifier key (and the earlier checkpoint the
// auditor kept). Fed a bundle line by line (a server's answers) or in chunks whose lines were
// checked on their own, perhaps in worker threads (bundle-chunk.ts, verify-bundle-file.ts), it
// checks the checkpoint's signature, its consistency with the earlier one, every event's own hash
// (adapters/event-store/hash-chain.ts, the store's own template), each stream's chain from its
// first event, and that the events sit at their logIndex in the signed tree (multiproof root).
import { ChainVerifier } from '../event-store/hash-chain.ts';
import { type CheckedChunk, type PackedNodes, checkedEventAt, entryKind, packNodes } from './bundle-chunk.ts';
import { type BundleLine, decodeBundleLine } from './bundle-lines.ts';
import { BundleNodeTable } from './bundle-node-table.ts';
import { type CheckedEvent, checkEventLine } from './checked-event.ts';
import { type Checkpoint, parseCheckpointText } from './checkpoint.ts';
import { HashList } from './hash-list.ts';
import { hashSizeBytes } from './merkle-hash.ts';
import { verifyConsistency } from './merkle-verify.ts';
import { rootFromMultiproof } from './multiproof.ts';
import { type NoteVerifier, noteSignedBy, parseSignedNote } from './signed-note.ts';

export type Verdict = Readonly<{ verified: boolean; failures: ReadonlyArray<string>; checkpoint?: Checkpoint; events: number; streams: number }>;
const failuresMax = 20;
// A signed checkpoint checked against the trusted key; a string says why not.
export const openCheckpoint = (note: string, verifier: NoteVerifier): Checkpoint | string => {
  const signed = parseSignedNote(note);
  if (signed === undefined) return 'the checkpoint is not a signed note';
  if (!noteSignedBy(signed, verifier)) return `the checkpoint is not signed by the trusted key ${verifier.name}`;
  const checkpoint = parseCheckpointText(signed.text);
  if (checkpoint === undefined) return 'the signed note is not a checkpoint';
  if (checkpoint.origin !== verifier.name) return `the checkpoint's origin ${checkpoint.origin} is not the key's name ${verifier.name}`;
  return checkpoint;
};

export const createBundleVerifier = (verifier: NoteVerifier, earlier: Checkpoint | undefined) => {
  const failures: string[] = [];
  const fail = (reason: string): void => {
    if (failures.length < failuresMax) failures.push(reason);
  };
  const refuse = (reason: string): false => {
    fail(reason);
    return false;
  };
  let checkpoint: Checkpoint | undefined;
  let table: BundleNodeTable | undefined;
  let consistencyChecked = false;
  let ended: { scope: 'account' | 'all'; events: number } | undefined;
  const chains = new Map<string, ChainVerifier>();
  const indices: number[] = [];
  const leaves = new HashList();

  const acceptCheckpoint = (note: string): void => {
    if (checkpoint !== undefined) return fail('the bundle holds two checkpoints');
    const opened = openCheckpoint(note, verifier);
    if (typeof opened === 'string') return fail(opened);
    checkpoint = opened;
    table = new BundleNodeTable(opened.treeSize);
    if (earlier === undefined) return;
    if (earlier.treeSize > opened.treeSize) fail(`the checkpoint's tree (${opened.treeSize}) is smaller than the earlier checkpoint's (${earlier.treeSize})`);
    if (earlier.treeSize === opened.treeSize) {
      consistencyChecked = true;
      if (!earlier.rootHash.equals(opened.rootHash)) fail(`two different roots signed for tree size ${opened.treeSize}: the log forked`);
    }
  };

  // The order-dependent checks of an event whose own checks are done; true when its leaf is to be
  // kept (the caller keeps it).
  const acceptEvent = (event: CheckedEvent): boolean => {
    if (checkpoint === undefined) return refuse('an event comes before the checkpoint');
    const last = indices.at(-1);
    if (!Number.isSafeInteger(event.logIndex) || event.logIndex < 0 || event.logIndex >= checkpoint.treeSize || (last !== undefined && event.logIndex <= last)) {
      return refuse(`event ${event.streamId}@${event.revision} has logIndex ${event.logIndex}, out of order or outside the tree`);
    }
    if (!event.wellFormed) return refuse(`event at logIndex ${event.logIndex} is malformed`);
    let chain = chains.get(event.streamId);
    if (chain === undefined) {
      chain = new ChainVerifier(event.streamId);
      chains.set(event.streamId, chain);
    }
    const before = chain.isIntact();
    chain.acceptLink(event, () => event.ownHashMatches);
    if (before && !chain.isIntact()) fail(`stream ${event.streamId}: revision ${event.revision} (logIndex ${event.logIndex}) does not match its own hash or its chain`);
    indices.push(event.logIndex);
    return true;
  };

  const acceptNodes = (nodes: PackedNodes): void => {
    if (table === undefined) return fail('a node table comes before the checkpoint');
    for (let index = 0; index < nodes.valid; index += 1) {
      const start = nodes.starts[index] ?? -1;
      const end = nodes.ends[index] ?? -1;
      if (table.add(start, end, nodes.hashes, index * hashSizeBytes) === 'conflict') return fail(`two different hashes were given for leaves [${start}, ${end})`);
    }
    if (nodes.valid < nodes.count) fail(`the node for leaves [${nodes.starts[nodes.valid] ?? -1}, ${nodes.ends[nodes.valid] ?? -1}) is not a SHA-256 hash`);
  };

  const acceptConsistency = (from: number, hashes: ReadonlyArray<string>): void => {
    if (checkpoint === undefined || earlier === undefined || earlier.treeSize !== from) return;
    consistencyChecked = true;
    if (!verifyConsistency(from, checkpoint.treeSize, earlier.rootHash, checkpoint.rootHash, hashes.map((hash) => Buffer.from(hash, 'base64')))) {
      fail(`the consistency proof from the earlier tree (${from}) to ${checkpoint.treeSize} does not verify: the log was rewritten`);
    }
  };

  const acceptLine = (line: BundleLine): void => {
    if (ended !== undefined) return fail('the bundle goes on after its end line');
    switch (line.kind) {
      case 'checkpoint': return acceptCheckpoint(line.note);
      case 'consistency': return acceptConsistency(line.from, line.hashes);
      case 'event': {
        if (acceptEvent(checkEventLine(line))) leaves.pushLeafOfHex(line.hash);
        return undefined;
      }
      case 'nodes': return acceptNodes(packNodes(line));
      case 'end': ended = { scope: line.scope, events: line.events }; return undefined;
      default: {
        const unreachable: never = line;
        return fail(`unknown line ${String(unreachable)}`);
      }
    }
  };

  // One line as parsed from JSON (null when it was not JSON).
  const accept = (raw: unknown): void => {
    const line = decodeBundleLine(raw);
    if (line === undefined) return fail('a bundle line is not a known line');
    acceptLine(line);
  };

  // The lines of a chunk checked by checkBundleChunk (perhaps in a worker thread), in line order.
  const acceptChunk = (chunk: CheckedChunk): void => {
    let events = 0;
    let nodes = 0;
    let others = 0;
    for (let entry = 0; entry < chunk.entryCount; entry += 1) {
      const kind = chunk.entries[entry];
      if (kind === entryKind.other) accept(chunk.others[others++]);
      else if (ended !== undefined) fail('the bundle goes on after its end line');
      else if (kind === entryKind.event) {
        const at = events++;
        if (acceptEvent(checkedEventAt(chunk.events, at))) leaves.pushFrom(chunk.events.leaves, at * hashSizeBytes);
      } else {
        const packed = chunk.nodes[nodes++];
        if (packed !== undefined) acceptNodes(packed);
      }
    }
  };

  const verdict = (): Verdict => {
    if (checkpoint === undefined || table === undefined) fail('the bundle holds no checkpoint');
    else {
      if (earlier !== undefined && !consistencyChecked) fail(`no consistency proof from the earlier tree (${earlier.treeSize})`);
      if (ended === undefined) fail('the bundle has no end line: it was cut short');
      else if (ended.events !== indices.length) fail(`the bundle says ${ended.events} events but holds ${indices.length}`);
      else if (ended.scope === 'all' && indices.length !== checkpoint.treeSize) fail(`the whole log has ${checkpoint.treeSize} events, the bundle ${indices.length}`);
      const nodeTable = table;
      const root = indices.length === 0 ? undefined : rootFromMultiproof(checkpoint.treeSize, indices, (position) => leaves.at(position), (start, end) => nodeTable.at(start, end));
      if (root?.kind === 'missing') fail(`the proof lacks the node for leaves [${root.start}, ${root.end})`);
      if (root?.kind === 'root' && !root.root.equals(checkpoint.rootHash)) fail('the events and proofs do not lead to the signed root: an event was changed, removed or moved, or a proof is forged');
    }
    const base = { verified: failures.length === 0, failures, events: indices.length, streams: chains.size };
    return checkpoint === undefined ? base : { ...base, checkpoint };
  };

  return { accept, acceptChunk, verdict };
};
