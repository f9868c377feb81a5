// Verify speed of an account bundle: an account of `events` events, every other leaf of a tree
// twice its size (the other leaves stand for other accounts), its lines built in memory (not
// timed), then parsed and verified line by line as `wallet-ledger verify --bundle` does.
import { performance } from 'node:perf_hooks';
import { chainEvents } from '../../adapters/event-store/hash-chain.ts';
import { createBundleVerifier } from '../../adapters/verifiable-log/bundle-verifier.ts';
import { checkpointText } from '../../adapters/verifiable-log/checkpoint.ts';
import { logNodesOver, memoryNodeTable } from '../../adapters/verifiable-log/log-nodes.ts';
import { eventLeafHash, leafHash } from '../../adapters/verifiable-log/merkle-hash.ts';
import { rootHash } from '../../adapters/verifiable-log/merkle-proofs.ts';
import { multiproofNodes } from '../../adapters/verifiable-log/multiproof.ts';
import { signNote, verifierOf } from '../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../adapters/verifiable-log/signing-key.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { walletToppedUp } from '../append-workload.ts';

const chunkEvents = 10_000;

const accountLines = (events: number): { lines: string[]; leaves: Buffer[] } => {
  const lines: string[] = [];
  const leaves: Buffer[] = [];
  let head: StoredEvent | undefined;
  for (let start = 0; start < events; start += chunkEvents) {
    const batch = Array.from({ length: Math.min(chunkEvents, events - start) }, (_, offset) => walletToppedUp('bench-audit', start + offset));
    for (const { content, hash } of chainEvents('account-bench-audit', head, batch, '2026-12-01T10:00:00.000Z')) {
      const logIndex = 2 * content.revision + 1;
      head = { ...content, hash, position: BigInt(logIndex + 1) };
      lines.push(JSON.stringify({ kind: 'event', logIndex, ...content, hash, position: String(logIndex + 1) }));
      leaves.push(leafHash(Buffer.from(`other-${logIndex - 1}`)), eventLeafHash(hash));
    }
  }
  return { lines, leaves };
};

export const verifySpeed = (events: number) => {
  const key = generateSigningKey();
  const { lines: eventLines, leaves } = accountLines(events);
  const nodes = logNodesOver(memoryNodeTable());
  nodes.append(leaves);
  const treeSize = leaves.length;
  const note = signNote(checkpointText({ origin: 'bench', treeSize, rootHash: rootHash(nodes.read, treeSize) }), 'bench', key.privateKey, key.publicKey);
  const indices = Array.from({ length: events }, (_, index) => 2 * index + 1);
  const table = multiproofNodes(nodes.read, treeSize, indices).map((node) => [node.start, node.end, node.hash.toString('base64')]);
  const lines = [JSON.stringify({ kind: 'checkpoint', note }), ...eventLines];
  for (let start = 0; start < table.length; start += 1000) lines.push(JSON.stringify({ kind: 'nodes', nodes: table.slice(start, start + 1000) }));
  lines.push(JSON.stringify({ kind: 'end', scope: 'account', events }));
  const started = performance.now();
  const verifier = createBundleVerifier(verifierOf('bench', key.publicKey), undefined);
  for (const line of lines) verifier.accept(JSON.parse(line));
  const verdict = verifier.verdict();
  const ms = performance.now() - started;
  if (!verdict.verified) throw new Error(`bench bundle did not verify: ${verdict.failures.join('; ')}`);
  return { eventsPerSecond: events / (ms / 1000), nodes: table.length, treeSize };
};
