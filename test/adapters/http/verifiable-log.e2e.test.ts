// The log end to end over HTTP, with the server's own wiring (log-setup.ts), on a memory store
// and on EventStoreDB (the gRPC test double): events gain their logIndex (their place in the
// store's global order), the served checkpoint verifies under the served key, and every event's
// inclusion proof and a consistency proof between two checkpoints verify.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedStore, openStoreAt } from '../../../adapters/event-store/open-event-store.ts';
import { logConfigFrom } from '../../../adapters/app/log-config.ts';
import { openVerifiableLog } from '../../../adapters/app/log-setup.ts';
import { parseCheckpointText } from '../../../adapters/verifiable-log/checkpoint.ts';
import { eventLeafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { verifyConsistency, verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';
import { noteSignedBy, parseSignedNote, parseVerifierKey } from '../../../adapters/verifiable-log/signed-note.ts';
import type { VerifiableLog } from '../../../adapters/verifiable-log/verifiable-log.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { temporaryFiles } from '../verifiable-log/eventstoredb-log-fixtures.ts';
import { fixedClock, fundedAccount, testApp } from './http-fixtures.ts';

const eventStoreDb = new EventStoreDbTestServer();
const files = temporaryFiles();
beforeAll(() => eventStoreDb.start());
afterAll(async () => {
  await eventStoreDb.stop();
  files.remove();
});

let log: VerifiableLog | undefined;
let opened: OpenedStore | undefined;
afterEach(async () => {
  await log?.stop();
  await opened?.store.close();
});

type StoreKind = 'memory' | 'eventstoredb';
let setUps = 0;
const setUp = async (kind: StoreKind = 'memory') => {
  setUps += 1;
  const location = kind === 'memory' ? { kind } : { kind, connectionString: eventStoreDb.connectionString };
  const store = openStoreAt(location, fixedClock);
  opened = store;
  const keyFile = kind === 'memory' ? {} : { LEDGER_SIGNING_KEY_FILE: files.keyFile() };
  const config = logConfigFrom({ LEDGER_LOG_ORIGIN: 'ledger.example/e2e', LEDGER_CHECKPOINT_INTERVAL_MS: '3600000', ...keyFile });
  if (config._tag === 'Left') throw new Error(config.left);
  const printed: string[] = [];
  const readPath = join(files.directory, `e2e-${setUps}.read.db`);
  const opening = await openVerifiableLog(store, store.store, config.right, (line) => printed.push(line), (line) => printed.push(line), readPath);
  log = opening;
  const target = await testApp({ store: opened.store, log: opening });
  return { ...target, log: opening, printed, store: store.store };
};

const signedAt = async (target: Awaited<ReturnType<typeof setUp>>) => {
  const count = (await target.store.readAll({ limit: 1000 })).length;
  await target.log.feedNow();
  expect(target.log.size()).toBe(count);
  await target.log.signNow();
  return count;
};

describe('the verifiable log over HTTP', () => {
  it.each<StoreKind>(['memory', 'eventstoredb'])('serves checkpoints, keys and proofs that verify against the events (%s)', async (kind) => {
    const target = await setUp(kind);
    await fundedAccount(target.call, 'acc-1', '1000');
    const early = await signedAt(target);
    await fundedAccount(target.call, 'acc-2', '500');
    const size = await signedAt(target);

    const key = JSON.parse((await target.call('payments', 'GET', '/v1/log/key')).body);
    expect(key).toEqual({ origin: 'ledger.example/e2e', keyName: 'ledger.example/e2e', verifierKey: target.log.verifierKey });
    expect(target.printed).toContain(`verifiable log verifier key: ${target.log.verifierKey}`);
    const verifier = parseVerifierKey(key.verifierKey);
    const response = await target.call('auditor', 'GET', '/v1/log/checkpoint');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const note = parseSignedNote(response.body);
    expect(note !== undefined && verifier !== undefined && noteSignedBy(note, verifier)).toBe(true);
    const checkpoint = parseCheckpointText(note?.text ?? '');
    expect(checkpoint?.treeSize).toBe(size);
    const earlier = parseCheckpointText(parseSignedNote((await target.call('finance', 'GET', `/v1/log/checkpoints/${early}`)).body)?.text ?? '');

    const events = JSON.parse((await target.call('auditor', 'GET', '/v1/accounts/acc-2/events')).body).events;
    const order = await target.store.readAll({ limit: 1000 });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      const proof = JSON.parse((await target.call('auditor', 'GET', `/v1/log/proofs/inclusion?logIndex=${event.logIndex}&treeSize=${size}`)).body);
      expect(event.logIndex).toBe(order.findIndex((stored) => stored.position === BigInt(event.position)));
      const hashes = proof.hashes.map((hash: string) => Buffer.from(hash, 'base64'));
      expect(verifyInclusion(event.logIndex, size, eventLeafHash(event.hash), hashes, checkpoint?.rootHash ?? Buffer.alloc(32))).toBe(true);
    }
    const consistency = JSON.parse((await target.call('admin', 'GET', `/v1/log/proofs/consistency?from=${early}&to=${size}`)).body);
    const hashes = consistency.hashes.map((hash: string) => Buffer.from(hash, 'base64'));
    expect(verifyConsistency(early, size, earlier?.rootHash ?? Buffer.alloc(32), checkpoint?.rootHash ?? Buffer.alloc(32), hashes)).toBe(true);
    expect((await target.call('admin', 'GET', `/v1/log/checkpoints/${early + 1}`)).statusCode).toBe(404);
  });

  it('answers 503 not_available without a log, and 404 before the first checkpoint', async () => {
    const bare = await testApp({ log: undefined });
    expect((await bare.call('auditor', 'GET', '/v1/log/key')).statusCode).toBe(503);
    const target = await setUp();
    expect((await target.call('auditor', 'GET', '/v1/log/checkpoint')).statusCode).toBe(404);
    expect((await target.call('auditor', 'GET', '/v1/log/proofs/consistency?from=1&to=1')).statusCode).toBe(400);
  });
});
