// The verifiable log on EventStoreDB, over the real @eventstore/db-client talking gRPC to the
// TEST DOUBLE OF THE SERVER (test/support/eventstoredb-test-server/): several instances on one
// store number the events alike ($all order), sign identical checkpoints into the one checkpoint
// stream, recover a lost append race, rebuild a lost log file, and refuse to sign when the events
// no longer match a signed checkpoint or when the stream holds another key's checkpoint.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLogReadiness } from '../../../adapters/app/log-readiness.ts';
import { exportLines } from '../../../adapters/cli/export-command.ts';
import { openExportLogSource } from '../../../adapters/cli/export-log-source.ts';
import { createBundleVerifier } from '../../../adapters/verifiable-log/bundle-verifier.ts';
import { parseVerifierKey } from '../../../adapters/verifiable-log/signed-note.ts';
import { logCheckpointsStreamId } from '../../../adapters/verifiable-log/eventstoredb-log-checkpoints.ts';
import { logFileBesideReadStore } from '../../../adapters/verifiable-log/log-file.ts';
import { eventLeafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { verifyConsistency, verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';
import { SigningKeyError, generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { waitForLogSize } from './verifiable-log-fixtures.ts';
import { type EsdbLogInstance, appendNoted, logEnv, openEsdbLog, temporaryFiles } from './eventstoredb-log-fixtures.ts';

const files = temporaryFiles();
const origin = 'ledger.example/esdb';
let server: EventStoreDbTestServer;
beforeAll(async () => {
  server = new EventStoreDbTestServer();
  await server.start();
});
afterAll(async () => {
  await server.stop();
  files.remove();
});

// A fresh server per scenario: the checkpoint stream is the cluster's, one per ledger.
const freshServer = async (): Promise<EventStoreDbTestServer> => {
  await server.stop();
  server = new EventStoreDbTestServer();
  await server.start();
  return server;
};

const instances = async (count: number, keyFile = files.keyFile()): Promise<EsdbLogInstance[]> => {
  const opened: EsdbLogInstance[] = [];
  for (let index = 0; index < count; index += 1) {
    opened.push(await openEsdbLog(server.connectionString, logEnv(keyFile, origin), join(files.directory, `${Math.random().toString(36).slice(2)}.read.db`)));
  }
  return opened;
};
const closeAll = (opened: ReadonlyArray<EsdbLogInstance>) => Promise.all(opened.map((instance) => instance.close()));
const checkpointEvents = () => server.log.stream(logCheckpointsStreamId) ?? [];

describe('the verifiable log on EventStoreDB', () => {
  it('gives every instance the same leaves and the same signed checkpoints, which prove every event', async () => {
    await freshServer();
    const [first, second] = await instances(2);
    if (first === undefined || second === undefined) throw new Error('two instances');
    await appendNoted(first.store, 7, ['account-a', 'account-b', 'incident-c']);
    await Promise.all([waitForLogSize(first.log, 7), waitForLogSize(second.log, 7)]);
    // Both sign the same tree at once: one append wins, the other instance loses the race and
    // answers the winner's checkpoint, byte for byte its own (Ed25519 is deterministic).
    const [signedByFirst, signedBySecond] = await Promise.all([first.log.signNow(), second.log.signNow()]);
    expect(signedByFirst?.treeSize).toBe(7);
    expect(signedBySecond?.note).toBe(signedByFirst?.note);
    expect(checkpointEvents().map((record) => record.type)).toEqual(['LogOriginRecorded', 'LogCheckpointSigned']);

    await appendNoted(second.store, 5, ['account-b', 'approval-d']);
    await waitForLogSize(second.log, 12);
    const later = await second.log.signNow();
    await waitForLogSize(first.log, 12);
    expect(await first.log.signNow()).toBeUndefined();
    expect(first.log.latest()?.note).toBe(later?.note);

    const events = await first.store.readAll({ limit: 100 });
    expect(events.map((event) => event.streamId)).not.toContain(logCheckpointsStreamId);
    expect(events).toHaveLength(12);
    for (const [index, event] of events.entries()) {
      expect(first.log.logIndexOf(event.position)).toBe(index);
      expect(second.log.logIndexOf(event.position)).toBe(index);
      expect(verifyInclusion(index, 12, eventLeafHash(event.hash), first.log.inclusion(index, 12), later?.rootHash ?? Buffer.alloc(32))).toBe(true);
    }
    expect(verifyConsistency(7, 12, signedByFirst?.rootHash ?? Buffer.alloc(32), later?.rootHash ?? Buffer.alloc(32), second.log.consistency(7, 12))).toBe(true);
    expect([...first.warnings, ...second.warnings]).toEqual([]);
    await closeAll([first, second]);
  });

  it('recovers a lost race against a larger tree, then signs on from the winner', async () => {
    await freshServer();
    const [behind, ahead] = await instances(2);
    if (behind === undefined || ahead === undefined) throw new Error('two instances');
    await appendNoted(behind.store, 7, ['account-a', 'account-b']);
    await Promise.all([waitForLogSize(behind.log, 7), waitForLogSize(ahead.log, 7)]);
    await appendNoted(ahead.store, 2, ['account-a']);
    await waitForLogSize(ahead.log, 9);
    // Both read the stream empty and append at the same expected revision: one of them loses.
    const outcomes = await Promise.all([behind.log.signNow(), ahead.log.signNow()]);
    expect(checkpointEvents()).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome !== undefined)).toHaveLength(1);
    // The loser carries on: the larger tree is signed next, after the smaller one if it won.
    await ahead.log.signNow();
    expect(ahead.log.latest()?.treeSize).toBe(9);
    await waitForLogSize(behind.log, 9);
    await behind.log.signNow();
    expect(behind.log.latest()?.note).toBe(ahead.log.latest()?.note);
    expect([behind.log.status(), ahead.log.status()]).toEqual([{ kind: 'consistent' }, { kind: 'consistent' }]);
    await closeAll([behind, ahead]);
  });

  it("exports an account's bundle from an instance's log file, which verifies offline", async () => {
    await freshServer();
    const [instance] = await instances(1);
    if (instance === undefined) throw new Error('an instance');
    await appendNoted(instance.store, 11, ['account-a', 'account-b', 'incident-c']);
    await waitForLogSize(instance.log, 11);
    await instance.log.signNow();
    await appendNoted(instance.store, 2, ['account-a']);
    const source = openExportLogSource({ kind: 'eventstoredb', store: instance.store, connectionString: server.connectionString }, { LEDGER_READ_STORE: instance.readPath });
    const verifier = parseVerifierKey(instance.log.verifierKey);
    if (verifier === undefined) throw new Error('a verifier key');
    for (const scope of [{ kind: 'stream', streamId: 'account-a' }, { kind: 'all' }] as const) {
      const bundle = createBundleVerifier(verifier, undefined);
      for await (const chunk of exportLines(instance.store, source, { scope, size: undefined, from: undefined })) {
        for (const line of chunk.split('\n')) bundle.accept(JSON.parse(line));
      }
      expect(bundle.verdict()).toMatchObject({ verified: true, events: scope.kind === 'all' ? 11 : 4 });
    }
    source.close();
    await instance.close();
  });

  it('rebuilds a lost log file from the store and the checkpoint stream', async () => {
    await freshServer();
    const keyFile = files.keyFile();
    const [instance] = await instances(1, keyFile);
    if (instance === undefined) throw new Error('an instance');
    await appendNoted(instance.store, 9, ['account-a', 'account-b']);
    await waitForLogSize(instance.log, 9);
    const signed = await instance.log.signNow();
    await instance.close();
    rmSync(logFileBesideReadStore(instance.readPath));

    const rebuilt = await openEsdbLog(server.connectionString, logEnv(keyFile, origin), instance.readPath);
    await rebuilt.log.started;
    expect(rebuilt.log.status()).toEqual({ kind: 'consistent' });
    await waitForLogSize(rebuilt.log, 9);
    expect(rebuilt.log.latest()?.note).toBe(signed?.note);
    await rebuilt.close();
  });

  it('empties and rebuilds a log file that mirrors another cluster', async () => {
    await freshServer();
    const keyFile = files.keyFile();
    const [instance] = await instances(1, keyFile);
    if (instance === undefined) throw new Error('an instance');
    await appendNoted(instance.store, 6, ['account-a']);
    await waitForLogSize(instance.log, 6);
    await instance.log.signNow();
    await instance.close();

    await freshServer();
    const elsewhere = await openEsdbLog(server.connectionString, logEnv(keyFile, origin), instance.readPath);
    await elsewhere.log.started;
    expect(elsewhere.log.status()).toEqual({ kind: 'consistent' });
    expect(elsewhere.log.latest()).toBeUndefined();
    await appendNoted(elsewhere.store, 2, ['account-z']);
    await waitForLogSize(elsewhere.log, 2);
    expect((await elsewhere.log.signNow())?.treeSize).toBe(2);
    await elsewhere.close();
  });

  it('refuses to sign, and is not ready, once events of a signed tree are gone', async () => {
    await freshServer();
    const keyFile = files.keyFile();
    const [signer, other] = await instances(2, keyFile);
    if (signer === undefined || other === undefined) throw new Error('two instances');
    await appendNoted(signer.store, 10, ['account-a', 'account-b']);
    await waitForLogSize(signer.log, 10);
    await signer.log.signNow();
    await waitForLogSize(other.log, 10);
    // A stream deleted and scavenged: its events leave $all, the later ones move down the log.
    server.log.scavengeStream('account-b');
    await appendNoted(signer.store, 6, ['account-c']);
    await signer.log.feedNow();
    expect(await signer.log.signNow()).toBeUndefined();
    expect(signer.log.status().kind).toBe('inconsistent');
    expect(signer.warnings.join('\n')).toMatch(/NOT SIGNING/);
    const ready = withLogReadiness(async () => ({ ready: true, storeReachable: true, projections: {} }), signer.log);
    expect(await ready()).toMatchObject({ ready: false, projections: { 'verifiable-log': { state: 'failed' } } });

    const restarted = await instances(1, keyFile);
    await restarted[0]?.log.started;
    expect(restarted[0]?.log.status().kind).toBe('inconsistent');
    await closeAll([signer, other, ...restarted]);
  });

  it('refuses to start with another key than the one that signed the stream, or without a key', async () => {
    await freshServer();
    const [instance] = await instances(1);
    if (instance === undefined) throw new Error('an instance');
    await appendNoted(instance.store, 3, ['account-a']);
    await waitForLogSize(instance.log, 3);
    await instance.log.signNow();
    await instance.close();
    const readPath = join(files.directory, 'other-key.read.db');
    await expect(openEsdbLog(server.connectionString, logEnv(files.keyFile(generateSigningKey()), origin), readPath)).rejects.toThrow(SigningKeyError);
    await expect(openEsdbLog(server.connectionString, { LEDGER_LOG_ORIGIN: origin }, readPath)).rejects.toThrow(/LEDGER_SIGNING_KEY_FILE is required on EventStoreDB/);
  });
});
