// Writes an export bundle (bundle-lines.ts) from a store and its log: an account's events up to a
// signed checkpoint with their multiproof, or every event of the tree (scope "all": no nodes are
// needed, the verifier rebuilds the whole tree). Lines are yielded one at a time; only the events'
// indices are kept until the node table is written.
import type { EventStore, StoredEvent } from '../../domain/ports/event-store.ts';
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import type { SignedCheckpoint } from './checkpoint-table.ts';
import { nodesPerLineMax } from './bundle-lines.ts';
import { type SubtreeReader, consistencyProof } from './merkle-proofs.ts';
import { multiproofNodes } from './multiproof.ts';

export type ExportScope = Readonly<{ kind: 'stream'; streamId: string }> | Readonly<{ kind: 'all' }>;
// logIndexOf: where an event is in the log (default: a dense store's position - 1; on EventStoreDB
// the log's mapping, log-positions.ts); undefined for an event the log has not numbered yet.
export type ExportRequest = Readonly<{
  store: EventStore; read: SubtreeReader; checkpoint: SignedCheckpoint; scope: ExportScope; from?: number;
  logIndexOf?: (position: bigint) => number | undefined;
}>;

type Numbered = Readonly<{ event: StoredEvent; logIndex: number }>;
const denseLogIndex = (position: bigint): number => Number(position) - 1;

const eventLine = ({ event, logIndex }: Numbered): string =>
  JSON.stringify({ kind: 'event', logIndex, ...event, position: event.position.toString() });

async function* pages(
  store: EventStore, scope: ExportScope, treeSize: number, logIndexOf: (position: bigint) => number | undefined,
): AsyncGenerator<ReadonlyArray<Numbered>> {
  let revision = 0;
  let after = 0n;
  for (;;) {
    const page = scope.kind === 'stream'
      ? await store.readStream(scope.streamId, { fromRevision: revision, limit: pageSizeMax })
      : await store.readAll({ after, limit: pageSizeMax });
    const inTree: Numbered[] = [];
    for (const event of page) {
      const logIndex = logIndexOf(event.position);
      if (logIndex !== undefined && logIndex < treeSize) inTree.push({ event, logIndex });
    }
    if (inTree.length > 0) yield inTree;
    if (page.length < pageSizeMax || inTree.length < page.length) return;
    revision += page.length;
    after = page.at(-1)?.position ?? after;
    await yieldToEventLoop();
  }
}

export async function* exportBundle({ store, read, checkpoint, scope, from, logIndexOf = denseLogIndex }: ExportRequest): AsyncGenerator<string> {
  const { treeSize } = checkpoint;
  yield JSON.stringify({ kind: 'checkpoint', note: checkpoint.note });
  if (from !== undefined) {
    yield JSON.stringify({ kind: 'consistency', from, hashes: consistencyProof(read, from, treeSize).map((hash) => hash.toString('base64')) });
  }
  const indices: number[] = [];
  for await (const page of pages(store, scope, treeSize, logIndexOf)) {
    for (const { logIndex } of page) indices.push(logIndex);
    yield page.map(eventLine).join('\n');
  }
  if (scope.kind === 'stream') {
    const nodes = multiproofNodes(read, treeSize, indices);
    for (let start = 0; start < nodes.length; start += nodesPerLineMax) {
      const chunk = nodes.slice(start, start + nodesPerLineMax).map((node) => [node.start, node.end, node.hash.toString('base64')]);
      yield JSON.stringify({ kind: 'nodes', nodes: chunk });
    }
  }
  yield JSON.stringify({ kind: 'end', scope: scope.kind === 'all' ? 'all' : 'account', events: indices.length });
}
