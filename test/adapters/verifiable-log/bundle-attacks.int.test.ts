// The auditor's verifier against a store tampered with after a checkpoint was taken: each attack
// is detected, and forged proofs, foreign keys and shrunk trees are refused with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { eventHash } from '../../../adapters/event-store/hash-chain.ts';
import { parseCheckpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import type { SignedCheckpoint } from '../../../adapters/verifiable-log/checkpoint-table.ts';
import { createBundleVerifier } from '../../../adapters/verifiable-log/bundle-verifier.ts';
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

const verify = (lines: ReadonlyArray<string>, key: SigningKey, earlierNote?: string) => {
  const earlier = earlierNote === undefined ? undefined : parseCheckpointText(parseSignedNote(earlierNote)?.text ?? '');
  const verifier = createBundleVerifier(verifierOf(testOrigin, key.publicKey), earlier);
  for (const line of lines) verifier.accept(JSON.parse(line));
  return verifier.verdict();
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
    const one = verify(await exportNow(logged, checkpoint, account), key);
    expect(one).toMatchObject({ verified: true, events: 8, streams: 1 });
    expect(verify(await exportNow(logged, checkpoint, { kind: 'all' }), key)).toMatchObject({ verified: true, events: 24, streams: 3 });
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
    const verdict = verify(await exportNow(logged, checkpoint, scope), key);
    expect(verdict.verified).toBe(false);
    expect(verdict.failures.join('\n')).toMatch(reason);
    await logged.store.close();
  });

  it('refuses a forged proof node, a cut bundle, a foreign key and a tree smaller than an earlier checkpoint', async () => {
    const { path, key, checkpoint } = await takeCheckpoint();
    const logged = openLoggedStore(path, key);
    const lines = await exportNow(logged, checkpoint, account);
    const forged = lines.map((line) => (line.includes('"nodes"') ? line.replace(/"[A-Za-z0-9+/]{43}="/, `"${Buffer.alloc(32, 1).toString('base64')}"`) : line));
    expect(verify(forged, key).failures.join('\n')).toMatch(/proof is forged/);
    expect(verify(lines.slice(0, -1), key).failures.join('\n')).toMatch(/cut short/);
    expect(verify(lines, generateSigningKey()).failures.join('\n')).toMatch(/not signed by the trusted key/);
    await waitForLogSize(logged.log, 30);
    const later = await logged.log.signNow();
    expect(later?.treeSize).toBe(30);
    expect(verify(lines, key, later?.note).failures.join('\n')).toMatch(/smaller than the earlier checkpoint/);
    expect(parseVerifierKey(logged.log.verifierKey)?.name).toBe(testOrigin);
    await logged.close();
  });
});
