// The auditor's verifier: trusts only the log's verifier key (and the earlier checkpoint the
// auditor kept). Fed a bundle line by line (from a file, or built from a server's answers), it
// checks the checkpoint's signature, its consistency with the earlier one, every event's own hash
// (adapters/event-store/hash-chain.ts, the store's own template), each stream's chain from its
// first event, and that the events sit at their logIndex in the signed tree (multiproof root).
import { isLeft } from 'fp-ts/lib/Either.js';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { ChainVerifier } from '../event-store/hash-chain.ts';
import { type Checkpoint, parseCheckpointText } from './checkpoint.ts';
import { BundleLine, CheckpointLine, ConsistencyLine, EndLine, EventLine, NodesLine } from './bundle-lines.ts';
import { HashList } from './hash-list.ts';
import { hashSizeBytes } from './merkle-hash.ts';
import { verifyConsistency } from './merkle-verify.ts';
import { rootFromMultiproof, treeNodeKey } from './multiproof.ts';
import { type NoteVerifier, noteSignedBy, parseSignedNote } from './signed-note.ts';

export type Verdict = Readonly<{ verified: boolean; failures: ReadonlyArray<string>; checkpoint?: Checkpoint; events: number; streams: number }>;
const failuresMax = 20;
const positionPattern = /^[1-9][0-9]{0,17}$/;
const hashPattern = /^[0-9a-f]{64}$/;

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

// The codec of the line's kind alone: the union would try (and describe the failure of) every
// other kind first, for each of a million event lines.
const codecOf = (raw: unknown) => {
  const kind = typeof raw === 'object' && raw !== null && 'kind' in raw ? raw.kind : undefined;
  switch (kind) {
    case 'event': return EventLine;
    case 'nodes': return NodesLine;
    case 'checkpoint': return CheckpointLine;
    case 'consistency': return ConsistencyLine;
    case 'end': return EndLine;
    default: return BundleLine;
  }
};

export const createBundleVerifier = (verifier: NoteVerifier, earlier: Checkpoint | undefined) => {
  const failures: string[] = [];
  const fail = (reason: string): void => {
    if (failures.length < failuresMax) failures.push(reason);
  };
  let checkpoint: Checkpoint | undefined;
  let consistencyChecked = false;
  let ended: { scope: 'account' | 'all'; events: number } | undefined;
  const chains = new Map<string, ChainVerifier>();
  const indices: number[] = [];
  const leaves = new HashList();
  // The node table: tree node key → the node's place in `nodeHashes`.
  const table = new Map<number, number>();
  const nodeHashes = new HashList();

  const acceptCheckpoint = (note: string): void => {
    if (checkpoint !== undefined) return fail('the bundle holds two checkpoints');
    const opened = openCheckpoint(note, verifier);
    if (typeof opened === 'string') return fail(opened);
    checkpoint = opened;
    if (earlier === undefined) return;
    if (earlier.treeSize > opened.treeSize) fail(`the checkpoint's tree (${opened.treeSize}) is smaller than the earlier checkpoint's (${earlier.treeSize})`);
    if (earlier.treeSize === opened.treeSize) {
      consistencyChecked = true;
      if (!earlier.rootHash.equals(opened.rootHash)) fail(`two different roots signed for tree size ${opened.treeSize}: the log forked`);
    }
  };

  const acceptEvent = (line: EventLine): void => {
    if (checkpoint === undefined) return fail('an event comes before the checkpoint');
    const last = indices.at(-1);
    if (!Number.isSafeInteger(line.logIndex) || line.logIndex < 0 || line.logIndex >= checkpoint.treeSize || (last !== undefined && line.logIndex <= last)) {
      return fail(`event ${line.streamId}@${line.revision} has logIndex ${line.logIndex}, out of order or outside the tree`);
    }
    const { position, metadata } = line;
    if (!positionPattern.test(position) || !hashPattern.test(line.hash)) return fail(`event at logIndex ${line.logIndex} is malformed`);
    const event: StoredEvent = {
      streamId: line.streamId, revision: line.revision, position: BigInt(position), type: line.type, data: line.data,
      occurredAt: line.occurredAt, recordedAt: line.recordedAt, hash: line.hash, previousHash: line.previousHash,
      ...(metadata === undefined ? {} : { metadata }),
    };
    let chain = chains.get(event.streamId);
    if (chain === undefined) {
      chain = new ChainVerifier(event.streamId);
      chains.set(event.streamId, chain);
    }
    const before = chain.isIntact();
    chain.accept(event);
    if (before && !chain.isIntact()) fail(`stream ${event.streamId}: revision ${event.revision} (logIndex ${line.logIndex}) does not match its own hash or its chain`);
    indices.push(line.logIndex);
    leaves.pushLeafOfHex(line.hash);
  };

  const acceptNodes = (nodes: ReadonlyArray<readonly [number, number, string]>): void => {
    if (checkpoint === undefined) return fail('a node table comes before the checkpoint');
    const { treeSize } = checkpoint;
    for (const [start, end, base64] of nodes) {
      const hash = Buffer.from(base64, 'base64');
      if (hash.length !== hashSizeBytes) return fail(`the node for leaves [${start}, ${end}) is not a SHA-256 hash`);
      const key = treeNodeKey(start, end, treeSize);
      // A range that is no node of the signed tree is never asked for: it cannot change the root.
      if (key === undefined) continue;
      const known = table.get(key);
      if (known !== undefined) {
        if (!nodeHashes.at(known)?.equals(hash)) return fail(`two different hashes were given for leaves [${start}, ${end})`);
        continue;
      }
      table.set(key, nodeHashes.length);
      nodeHashes.push(hash);
    }
  };

  const acceptConsistency = (from: number, hashes: ReadonlyArray<string>): void => {
    if (checkpoint === undefined || earlier === undefined || earlier.treeSize !== from) return;
    consistencyChecked = true;
    if (!verifyConsistency(from, checkpoint.treeSize, earlier.rootHash, checkpoint.rootHash, hashes.map((hash) => Buffer.from(hash, 'base64')))) {
      fail(`the consistency proof from the earlier tree (${from}) to ${checkpoint.treeSize} does not verify: the log was rewritten`);
    }
  };

  const accept = (raw: unknown): void => {
    const decoded = codecOf(raw).decode(raw);
    if (isLeft(decoded)) return fail('a bundle line is not a known line');
    if (ended !== undefined) return fail('the bundle goes on after its end line');
    const line = decoded.right;
    switch (line.kind) {
      case 'checkpoint': return acceptCheckpoint(line.note);
      case 'consistency': return acceptConsistency(line.from, line.hashes);
      case 'event': return acceptEvent(line);
      case 'nodes': return acceptNodes(line.nodes);
      case 'end': ended = { scope: line.scope, events: line.events }; return undefined;
      default: {
        const unreachable: never = line;
        return fail(`unknown line ${String(unreachable)}`);
      }
    }
  };

  const verdict = (): Verdict => {
    if (checkpoint === undefined) fail('the bundle holds no checkpoint');
    else {
      if (earlier !== undefined && !consistencyChecked) fail(`no consistency proof from the earlier tree (${earlier.treeSize})`);
      if (ended === undefined) fail('the bundle has no end line: it was cut short');
      else if (ended.events !== indices.length) fail(`the bundle says ${ended.events} events but holds ${indices.length}`);
      else if (ended.scope === 'all' && indices.length !== checkpoint.treeSize) fail(`the whole log has ${checkpoint.treeSize} events, the bundle ${indices.length}`);
      const { treeSize } = checkpoint;
      const nodeAt = (start: number, end: number) => nodeHashes.at(table.get(treeNodeKey(start, end, treeSize) ?? -1) ?? -1);
      const root = indices.length === 0 ? undefined : rootFromMultiproof(treeSize, indices, (position) => leaves.at(position), nodeAt);
      if (root?.kind === 'missing') fail(`the proof lacks the node for leaves [${root.start}, ${root.end})`);
      if (root?.kind === 'root' && !root.root.equals(checkpoint.rootHash)) fail('the events and proofs do not lead to the signed root: an event was changed, removed or moved, or a proof is forged');
    }
    const base = { verified: failures.length === 0, failures, events: indices.length, streams: chains.size };
    return checkpoint === undefined ? base : { ...base, checkpoint };
  };

  return { accept, verdict };
};
