// The auditor's verifier against a store tampered with after a checkpoint was taken: each attack
// is detected, and forged proofs, foreign keys and shrunk trees are refused with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../../adapters/event-store/hash-chain.ts';
import { parseCheckpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import type { SignedCheckpoint } from '../../../adapters/verifiable-log/checkpoint-table.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsedOrNull } from '../../../adapters/verifiable-log/bundle-file.ts';
import { createBundleCheckPool } from '../../../adapters/verifiable-log/bundle-check-pool.ts';
import { createBundleVerifier } from '../../../adapters/verifiable-log/bundle-verifier.ts';
import { verifyBundleFile } from '../../../adapters/verifiable-log/verify-bundle-file.ts';
import { type ExportScope, exportBundle } from '../../../adapters/verifiable-log/export-bundle.ts';
import { logNodesOver, memoryNodeTable } from '../../../adapters/verifiable-log/log-nodes.ts';
import { eventLeafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { parseSignedNote, parseVerifierKey, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { type SigningKey, generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { temporaryDirectory } from '../event-store/sqlite-test-files.ts';
import { type LoggedStore, appendEvents, openLoggedStore, testOrigin, waitForLogSize } from './verifiable-log-fixtures.ts';

const files = temporaryDirectory('bundle-attacks');
afterAll(() => files.remove());

type Taken = Readonly<{ path: string; key: SigningKey; checkpoint: SignedCheckpoint }>;

// 30 events over 3 streams, a checkpoint at 24, then 6 more events.
const takeCheckpoint = async (): Promise<Taken> => {
  const path = files.nextPath();
  const key = generateSigningKey();
  const logged = openLoggedStore(path, key);
  await appendEvents(logged.store, 24);
  await waitForLogSize(logged.log, 24);
  const checkpoint = await logged.log.signNow();
  await appendEvents(logged.store, 6);
  await waitForLogSize(logged.log, 30);
  await logged.close();
  if (checkpoint === undefined) throw new Error('no checkpoint');
  return { path, key, checkpoint };
};

// The store's nodes as the exporter would read them, rebuilt from the events as they are now
// (an attacker who rewrites events rebuilds the derived nodes too).
const exportNow = async (logged: LoggedStore, checkpoint: SignedCheckpoint, scope: ExportScope): Promise<string[]> => {
  const nodes = logNodesOver(memoryNodeTable());
  nodes.append((await logged.store.readAll({ limit: 1000 })).map((event) => eventLeafHash(event.hash)));
  const lines: string[] = [];
  for await (const chunk of exportBundle({ store: logged.store, read: nodes.read, checkpoint, scope })) lines.push(...chunk.split('\n'));
  return lines;
};

// Two worker threads for every test of the file (starting one costs its TypeScript loader).
const pool = createBundleCheckPool(2);
let bundles = 0;
afterAll(() => pool.close());

// The verdict line by line, and the same verdict from the bundle written to a file and checked in
// chunks: on the main thread, and in the worker threads with chunks of about a line (so that lines
// straddle chunks and consecutive lines are checked by different threads).
const verify = async (lines: ReadonlyArray<string>, key: SigningKey, earlierNote?: string) => {
  const earlier = earlierNote === undefined ? undefined : parseCheckpointText(parseSignedNote(earlierNote)?.text ?? '');
  const verifier = verifierOf(testOrigin, key.publicKey);
  const byLine = createBundleVerifier(verifier, earlier);
  for (const line of lines) if (line !== '') byLine.accept(parsedOrNull(line));
  const verdict = byLine.verdict();
  bundles += 1;
  const path = join(files.directory, `bundle-${bundles}.ndjson`);
  writeFileSync(path, lines.join('\n'));
  expect(await verifyBundleFile(path, { verifier, earlier })).toEqual(verdict);
  expect(await verifyBundleFile(path, { verifier, earlier, pool, chunkBytes: 400 })).toEqual(verdict);
  return verdict;
};

const account: ExportScope = { kind: 'stream', streamId: 'account-1' };

const rehashStreamFrom = (logged: LoggedStore, streamId: string): void => {
  const rows = logged.store.database.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as Array<Record<string, string | number>>;
  let previousHash = '0'.repeat(64);
  for (const row of rows) {
    const content = { streamId, revision: Number(row.revision), type: String(row.type), data: JSON.parse(String(row.data)), occurredAt: String(row.occurred_at), recordedAt: String(row.recorded_at), previousHash };
    const hash = eventHash(content);
    logged.store.database.prepare('UPDATE events SET hash = ?, previous_hash = ? WHERE position = ?').run(hash, previousHash, row.position);
    previousHash = hash;
  }
};

describe('verify against a checkpoint taken before', () => {
  it('accepts the untouched store, for an account and for the whole log', async () => {
    const { path, key, checkpoint } = await takeCheckpoint();
    const logged = openLoggedStore(path, key);
    const one = await verify(await exportNow(logged, checkpoint, account), key);
    expect(one).toMatchObject({ verified: true, events: 8, streams: 1 });
    expect(await verify(await exportNow(logged, checkpoint, { kind: 'all' }), key)).toMatchObject({ verified: true, events: 24, streams: 3 });
    await logged.close();
  });

  it.each([
    ['a changed byte of an event', (logged: LoggedStore) => logged.store.database.exec(`UPDATE events SET data = '{"index":99}' WHERE position = 8`), account, /does not match its own hash or its chain/],
    ['a tail rewritten with fresh hashes', (logged: LoggedStore) => {
      logged.store.database.exec(`UPDATE events SET data = '{"index":99}' WHERE position = 8`);
      rehashStreamFrom(logged, 'account-1');
    }, account, /do not lead to the signed root/],
    ['a deleted event', (logged: LoggedStore) => logged.store.database.exec('DELETE FROM events WHERE position = 5'), account, /chain|signed root/],
    ['two events reordered', (logged: LoggedStore) => logged.store.database.exec('UPDATE events SET position = -2 WHERE position = 2; UPDATE events SET position = 2 WHERE position = 3; UPDATE events SET position = 3 WHERE position = -2'), { kind: 'all' } as const, /signed root/],
    ['a truncated tail', (logged: LoggedStore) => logged.store.database.exec('DELETE FROM events WHERE position > 20'), { kind: 'all' } as const, /whole log has 24 events/],
  ])('detects %s', async (_, tamper, scope, reason) => {
    const { path, key, checkpoint } = await takeCheckpoint();
    const logged = openLoggedStore(path, key);
    await logged.log.stop();
    tamper(logged);
    const verdict = await verify(await exportNow(logged, checkpoint, scope), key);
    expect(verdict.verified).toBe(false);
    expect(verdict.failures.join('\n')).toMatch(reason);
    await logged.store.close();
  });

  it('refuses a forged proof node, a cut bundle, a foreign key and a tree smaller than an earlier checkpoint', async () => {
    const { path, key, checkpoint } = await takeCheckpoint();
    const logged = openLoggedStore(path, key);
    const lines = await exportNow(logged, checkpoint, account);
    const forged = lines.map((line) => (line.includes('"nodes"') ? line.replace(/"[A-Za-z0-9+/]{43}="/, `"${Buffer.alloc(32, 1).toString('base64')}"`) : line));
    expect((await verify(forged, key)).failures.join('\n')).toMatch(/proof is forged/);
    expect((await verify(lines.slice(0, -1), key)).failures.join('\n')).toMatch(/cut short/);
    // What the threads pack is judged like a line read here: a short node hash, a node given twice
    // with two hashes, an event that does not decode, a line that is not JSON, a line after the end.
    const nodesAt = lines.findIndex((line) => line.includes('"nodes"'));
    const short = lines.map((line, index) => (index === nodesAt ? line.replace(/"[A-Za-z0-9+/]{43}="/, '"AAAA"') : line));
    expect((await verify(short, key)).failures.join('\n')).toMatch(/is not a SHA-256 hash/);
    const nodes: Array<[number, number, string]> = JSON.parse(lines[nodesAt] ?? '').nodes;
    const [first] = nodes;
    if (first === undefined) throw new Error('no node in the bundle');
    const twice = JSON.stringify({ kind: 'nodes', nodes: [[first[0], first[1], Buffer.alloc(32, 7).toString('base64')]] });
    expect((await verify([...lines.slice(0, nodesAt + 1), twice, ...lines.slice(nodesAt + 1)], key)).failures.join('\n')).toMatch(/two different hashes/);
    const eventAt = lines.findIndex((line) => line.includes('"event"'));
    const undecodable = lines.map((line, index) => (index === eventAt ? line.replace('"revision":0', '"revision":"0"') : line));
    expect((await verify(undecodable, key)).failures.join('\n')).toMatch(/not a known line/);
    expect((await verify([...lines.slice(0, eventAt), '{not json', ...lines.slice(eventAt)], key)).failures.join('\n')).toMatch(/not a known line/);
    // Fields with no canonical JSON (a lone surrogate): refused, never a crash of the verifier.
    const surrogate = lines.map((line, index) => (index === eventAt ? line.replace('"data":{', '"data":{"lone":"\\ud800",') : line));
    expect(surrogate[eventAt]).toContain('\\ud800');
    expect((await verify(surrogate, key)).failures.join('\n')).toMatch(/does not match its own hash/);
    expect((await verify([...lines, lines[eventAt] ?? ''], key)).failures.join('\n')).toMatch(/after its end line/);
    expect((await verify(lines, generateSigningKey())).failures.join('\n')).toMatch(/not signed by the trusted key/);
    await waitForLogSize(logged.log, 30);
    const later = await logged.log.signNow();
    expect(later?.treeSize).toBe(30);
    expect((await verify(lines, key, later?.note)).failures.join('\n')).toMatch(/smaller than the earlier checkpoint/);
    expect(parseVerifierKey(logged.log.verifierKey)?.name).toBe(testOrigin);
    await logged.close();
  });
});
