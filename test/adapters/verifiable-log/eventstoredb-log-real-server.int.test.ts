// The verifiable log against a real EventStoreDB (or KurrentDB) server, when
// EVENTSTORE_CONNECTION_STRING names one (skipped otherwise, like the EventStoreDB contract suite):
//   docker compose up -d eventstore
//   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx vitest run test/adapters/verifiable-log/eventstoredb-log-real-server.int.test.ts
// A real server keeps its data, and its checkpoint stream with it: every run signs with the one
// fixed TEST key below and one origin, so each run carries on the log of the runs before. Other
// suites may append meanwhile: the assertions hold whatever the tree size is.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventLeafHash } from '../../../adapters/verifiable-log/merkle-hash.ts';
import { verifyInclusion } from '../../../adapters/verifiable-log/merkle-verify.ts';
import { appendNoted, logEnv, openEsdbLog, temporaryFiles } from './eventstoredb-log-fixtures.ts';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
// A key for tests only, public in this repository: it signs nothing but a test server's log.
const testKeyPem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBgak/Os1/k3YC6AgolDp5wEt/BNo9Eh84J6CgyQMNf7\n-----END PRIVATE KEY-----\n';
const origin = 'ledger.example/eventstoredb-log-test';

if (connectionString === undefined || connectionString === '') {
  const reason = 'verifiable log on a real EventStoreDB SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this machine).';
  console.warn(reason);
  describe.skip('the verifiable log on a real EventStoreDB', () => {
    it(reason, () => undefined);
  });
} else {
  const files = temporaryFiles();
  afterAll(() => files.remove());
  describe('the verifiable log on a real EventStoreDB', () => {
    it('two instances serve one checkpoint that proves the events just appended', async () => {
      const privateKey = createPrivateKey(testKeyPem);
      const keyFile = files.keyFile({ privateKey, publicKey: createPublicKey(privateKey) });
      const open = (name: string) => openEsdbLog(connectionString, logEnv(keyFile, origin), join(files.directory, `${name}.read.db`));
      const first = await open('first');
      const second = await open('second');
      try {
        const stream = `account-log-test-${Date.now().toString(36)}`;
        await appendNoted(first.store, 5, [stream]);
        const events = await first.store.readStream(stream);
        const last = events.at(-1);
        if (last === undefined) throw new Error('events were appended');
        await first.log.started;
        await expect.poll(async () => {
          await first.log.feedNow();
          return first.log.logIndexOf(last.position) !== undefined;
        }, { timeout: 60_000, interval: 50 }).toBe(true);
        const signed = (await first.log.signNow()) ?? first.log.latest();
        if (signed === undefined) throw new Error('a checkpoint');
        for (const event of events) {
          const logIndex = first.log.logIndexOf(event.position);
          if (logIndex === undefined) throw new Error('numbered');
          expect(verifyInclusion(logIndex, signed.treeSize, eventLeafHash(event.hash), first.log.inclusion(logIndex, signed.treeSize), signed.rootHash)).toBe(true);
        }
        await second.log.started;
        await expect.poll(async () => {
          await second.log.feedNow();
          return second.log.size() >= signed.treeSize;
        }, { timeout: 60_000, interval: 50 }).toBe(true);
        await second.log.signNow();
        expect(second.log.checkpointAt(signed.treeSize)?.note).toBe(signed.note);
        expect(second.log.logIndexOf(last.position)).toBe(first.log.logIndexOf(last.position));
        expect([first.log.status(), second.log.status()]).toEqual([{ kind: 'consistent' }, { kind: 'consistent' }]);
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
}
