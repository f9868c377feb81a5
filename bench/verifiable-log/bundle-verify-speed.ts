// Verify speed of an account bundle, as `wallet-ledger verify --bundle` runs it: an account of
// `events` events, every other leaf of a tree twice its size (the other leaves stand for other
// accounts, so its node table holds one node per event: the worst layout), written to a temporary
// NDJSON file as `export` writes it (data read back from the store is in canonical key order),
// untimed; then the file is verified as `verify --bundle` does (signature, each event's own hash
// through hash-chain.ts, chain, leaf, multiproof root), on the main thread alone and with a pool of
// worker threads, each timed by the clock and by the process's CPU time (this machine is shared:
// the CPU rate is what idle cores would do). Beside them, reading and parsing the same file's
// lines and nothing else.
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../../adapters/event-store/canonical-json.ts';
import { chainEvents } from '../../adapters/event-store/hash-chain.ts';
import { readBundleFile } from '../../adapters/verifiable-log/bundle-file.ts';
import { createBundleCheckPool } from '../../adapters/verifiable-log/bundle-check-pool.ts';
import { verifyBundleFile } from '../../adapters/verifiable-log/verify-bundle-file.ts';
import { checkpointText } from '../../adapters/verifiable-log/checkpoint.ts';
import { logNodesOver, memoryNodeTable } from '../../adapters/verifiable-log/log-nodes.ts';
import { eventLeafHash, leafHash } from '../../adapters/verifiable-log/merkle-hash.ts';
import { rootHash } from '../../adapters/verifiable-log/merkle-proofs.ts';
import { multiproofNodes } from '../../adapters/verifiable-log/multiproof.ts';
import { type NoteVerifier, signNote, verifierOf } from '../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../adapters/verifiable-log/signing-key.ts';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { walletToppedUp } from '../append-workload.ts';

const chunkEvents = 10_000;
const nodesPerLine = 1000;

const write = async (out: NodeJS.WritableStream, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

// Writes the bundle; the events go first to their own file (the checkpoint needs the whole tree).
export const writeBundle = async (path: string, events: number) => {
  const key = generateSigningKey();
  const nodes = logNodesOver(memoryNodeTable());
  const eventsPath = `${path}.events`;
  const eventsOut = createWriteStream(eventsPath);
  let head: StoredEvent | undefined;
  for (let start = 0; start < events; start += chunkEvents) {
    const batch = Array.from({ length: Math.min(chunkEvents, events - start) }, (_, offset) => walletToppedUp('bench-audit', start + offset));
    const leaves: Buffer[] = [];
    let text = '';
    for (const { content, hash } of chainEvents('account-bench-audit', head, batch, '2026-12-01T10:00:00.000Z')) {
      const logIndex = 2 * content.revision + 1;
      head = { ...content, hash, position: BigInt(logIndex + 1) };
      const data: unknown = JSON.parse(canonicalJson(content.data));
      text += `${JSON.stringify({ kind: 'event', logIndex, ...content, data, hash, position: String(logIndex + 1) })}\n`;
      leaves.push(leafHash(Buffer.from(`other-${logIndex - 1}`)), eventLeafHash(hash));
    }
    nodes.append(leaves);
    await write(eventsOut, text);
  }
  eventsOut.end();
  await once(eventsOut, 'close');
  const treeSize = nodes.size();
  const note = signNote(checkpointText({ origin: 'bench', treeSize, rootHash: rootHash(nodes.read, treeSize) }), 'bench', key.privateKey, key.publicKey);
  const table = multiproofNodes(nodes.read, treeSize, Array.from({ length: events }, (_, index) => 2 * index + 1));
  const out = createWriteStream(path);
  await write(out, `${JSON.stringify({ kind: 'checkpoint', note })}\n`);
  for await (const chunk of createReadStream(eventsPath, { encoding: 'utf8' })) await write(out, String(chunk));
  for (let start = 0; start < table.length; start += nodesPerLine) {
    const nodesLine = table.slice(start, start + nodesPerLine).map((node) => [node.start, node.end, node.hash.toString('base64')]);
    await write(out, `${JSON.stringify({ kind: 'nodes', nodes: nodesLine })}\n`);
  }
  await write(out, `${JSON.stringify({ kind: 'end', scope: 'account', events })}\n`);
  out.end();
  await once(out, 'close');
  rmSync(eventsPath);
  return { verifier: verifierOf('bench', key.publicKey), nodes: table.length, treeSize };
};

type Timed = Readonly<{ ms: number; cpuMs: number }>;

// One verification of the file, by the clock and by the process's CPU time (every thread's):
// on this thread alone (threads 0), or with a pool of worker threads, whose start is timed too.
const timedVerify = async (path: string, verifier: NoteVerifier, threads: number): Promise<Timed> => {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const pool = threads === 0 ? undefined : createBundleCheckPool(threads);
  try {
    const verdict = await verifyBundleFile(path, { verifier, earlier: undefined, ...(pool === undefined ? {} : { pool }) });
    if (!verdict.verified) throw new Error(`bench bundle did not verify: ${verdict.failures.join('; ')}`);
  } finally {
    await pool?.close();
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
};

export const verifySpeed = async (events: number, threads: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-verify-bench-'));
  try {
    const path = join(directory, 'bundle.ndjson');
    const { verifier, nodes, treeSize } = await writeBundle(path, events);
    // The baseline, in the same run on the same file: only reading and parsing its lines.
    const parseStarted = performance.now();
    let parsed = 0;
    await readBundleFile(path, () => { parsed += 1; }, () => undefined);
    const parseMs = performance.now() - parseStarted;
    const single = await timedVerify(path, verifier, 0);
    const pooled = await timedVerify(path, verifier, threads);
    if (parsed < events) throw new Error('bench bundle: fewer lines than events');
    const rates = (run: Timed) => ({ eventsPerSecond: events / (run.ms / 1000), eventsPerCpuSecond: events / (run.cpuMs / 1000) });
    return { pooled: rates(pooled), single: rates(single), threads, parsedEventsPerSecond: events / (parseMs / 1000), bundleBytes: statSync(path).size, nodes, treeSize };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};
