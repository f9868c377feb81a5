// The log over a real SQLite file: checkpoints signed in the C2SP format over the events' leaves,
// kept across restarts, proofs that verify; a tampered, truncated or rewritten store is refused.
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../event-store/sqlite-test-files.ts';
import { parseCheckpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import { eventLeafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { verifyConsistency, verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';
import { noteSignedBy, parseSignedNote, parseVerifierKey } from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { appendEvents, openLoggedStore, testOrigin, waitForLogSize } from './verifiable-log-fixtures.ts';

const files = temporaryDirectory('verifiable-log');
afterAll(() => files.remove());

describe('the verifiable log on SQLite', () => {
  it('signs checkpoints whose proofs verify against the events, and keeps them across restarts', async () => {
    const path = files.nextPath();
    const key = generateSigningKey();
    const first = openLoggedStore(path, key);
    await appendEvents(first.store, 13);
    await waitForLogSize(first.log, 13);
    const early = await first.log.signNow();
    expect(early?.treeSize).toBe(13);
    await first.close();

    const second = openLoggedStore(path, key);
    await appendEvents(second.store, 20);
    await waitForLogSize(second.log, 33);
    expect(second.log.status()).toEqual({ kind: 'consistent' });
    const late = await second.log.signNow();
    const verifier = parseVerifierKey(second.log.verifierKey);
    const note = parseSignedNote(late?.note ?? '');
    expect(verifier).toBeDefined();
    expect(note !== undefined && verifier !== undefined && noteSignedBy(note, verifier)).toBe(true);
    const body = parseCheckpointText(note?.text ?? '');
    expect(body?.origin).toBe(testOrigin);
    expect(body?.treeSize).toBe(33);
    expect(second.log.checkpointAt(13)?.note).toBe(early?.note);

    const events = await second.store.readAll({ limit: 33 });
    for (const [index, event] of events.entries()) {
      expect(second.log.logIndexOf(event.position)).toBe(index);
      const proof = second.log.inclusion(index, 33);
      expect(verifyInclusion(index, 33, eventLeafHash(event.hash), proof, body?.rootHash ?? Buffer.alloc(32))).toBe(true);
    }
    expect(verifyConsistency(13, 33, early?.rootHash ?? Buffer.alloc(32), late?.rootHash ?? Buffer.alloc(32), second.log.consistency(13, 33))).toBe(true);
    expect(second.warnings).toEqual([]);
    await second.close();
  });

  it.each([
    ['a changed event hash', "UPDATE events SET hash = replace(hash, substr(hash, 1, 1), CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) WHERE position = 4"],
    ['a truncated tail', 'DELETE FROM events WHERE position > 8'],
    ['two events swapped', 'UPDATE events SET position = -2 WHERE position = 2; UPDATE events SET position = 2 WHERE position = 3; UPDATE events SET position = 3 WHERE position = -2'],
  ])('refuses to sign after %s, and says so', async (_, tampering) => {
    const path = files.nextPath();
    const key = generateSigningKey();
    const first = openLoggedStore(path, key);
    await appendEvents(first.store, 10);
    await waitForLogSize(first.log, 10);
    await first.log.signNow();
    await first.close();

    const damaged = openLoggedStore(path, key);
    damaged.store.database.exec(tampering);
    await damaged.close();
    const reopened = openLoggedStore(path, key);
    await reopened.log.started;
    await appendEvents(reopened.store, 2);
    expect(reopened.log.status().kind).toBe('inconsistent');
    expect(await reopened.log.signNow()).toBeUndefined();
    expect(reopened.warnings.join('\n')).toMatch(/NOT SIGNING/);
    await reopened.close();
  });
});

describe('the check before each signature', () => {
  it.each([
    ['a changed stored leaf', 'UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 0 AND node_index = 7', /event at log index 7 no longer matches/],
    ['a deleted stored leaf', 'DELETE FROM log_nodes WHERE level = 0 AND node_index = 7', /event at log index 7 no longer matches/],
  ])('refuses to sign the next tree after %s inside the recent window', async (_, tampering, reason) => {
    const logged = openLoggedStore(files.nextPath());
    try {
      await appendEvents(logged.store, 10);
      await waitForLogSize(logged.log, 10);
      expect((await logged.log.signNow())?.treeSize).toBe(10);
      logged.store.database.exec(tampering);
      await appendEvents(logged.store, 2);
      await waitForLogSize(logged.log, 12);
      expect(await logged.log.signNow()).toBeUndefined();
      expect(logged.log.status().kind).toBe('inconsistent');
      expect(logged.warnings.join('\n')).toMatch(reason);
    } finally {
      await logged.close();
    }
  });
});
