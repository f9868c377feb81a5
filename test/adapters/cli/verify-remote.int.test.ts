// The remote verifier's lines, asked of a real running server (memory store with its own signing
// key; EventStoreDB, the gRPC test double, with a key file): an account verifies against the
// served checkpoint under the served key, and the same answers fail under another key.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerConfigError, startServer } from '../../../adapters/app/server.ts';
import { remoteAccountLines, remoteCheckpoint } from '../../../adapters/cli/verify-remote.ts';
import { AccountId } from '../../../domain/ids.ts';
import { createBundleVerifier, openCheckpoint } from '../../../adapters/verifiable-log/bundle-verifier.ts';
import { parseVerifierKey, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { temporaryFiles } from '../verifiable-log/eventstoredb-log-fixtures.ts';

const apiKey = 'payments-key-0123456789';
const auditorKey = 'auditor-key-0123456789';
const origin = 'ledger.example/remote';

const eventStoreDb = new EventStoreDbTestServer();
const files = temporaryFiles();
beforeAll(() => eventStoreDb.start());
afterAll(async () => {
  await eventStoreDb.stop();
  files.remove();
});

const common = { PORT: '0', LEDGER_API_KEYS: `payments:${apiKey},auditor:${auditorKey}`, LEDGER_LOG_ORIGIN: origin, LEDGER_CHECKPOINT_INTERVAL_MS: '20' };
const stores: ReadonlyArray<readonly [string, () => Record<string, string>]> = [
  ['memory', () => ({ LEDGER_STORE: 'memory:' })],
  ['EventStoreDB', () => ({
    LEDGER_STORE: eventStoreDb.connectionString, LEDGER_SIGNING_KEY_FILE: files.keyFile(), LEDGER_READ_SIDE: 'inline',
    LEDGER_READ_STORE: join(files.directory, 'remote.read.db'),
  })],
];

describe('verify --url', () => {
  it('refuses to start on EventStoreDB without LEDGER_SIGNING_KEY_FILE (a configuration error: exit 2)', async () => {
    await expect(startServer({
      env: { ...common, LEDGER_STORE: eventStoreDb.connectionString, LEDGER_READ_STORE: join(files.directory, 'no-key.read.db') }, print: () => undefined, logger: false,
    })).rejects.toThrow(ServerConfigError);
  });

  it.each(stores)("verifies an account's events against a running ledger on %s", async (_, storeEnv) => {
    const server = await startServer({
      env: { ...common, ...storeEnv() },
      print: () => undefined,
      logger: false,
    });
    try {
      const post = (url: string, body: unknown) => fetch(new URL(url, server.url), { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const at = '2026-12-01T10:00:00+09:00';
      expect((await post('/v1/accounts', { accountId: 'acc-1', currency: 'JPY', homeCountry: 'JP', occurredAt: at })).status).toBe(201);
      expect((await post('/v1/accounts', { accountId: 'acc-2', currency: 'JPY', homeCountry: 'JP', occurredAt: at })).status).toBe(201);
      expect((await post('/v1/accounts/acc-1/top-ups', { topUpId: 't-1', amount: '500', source: 'bank', occurredAt: at })).status).toBe(201);
      const remote = { url: server.url, apiKey: auditorKey, timeoutMs: 5_000 };
      const keyAnswer = await fetch(new URL('/v1/log/key', server.url), { headers: { authorization: `Bearer ${apiKey}` } });
      const verifier = parseVerifierKey(JSON.parse(await keyAnswer.text()).verifierKey);
      if (verifier === undefined) throw new Error('no verifier key');
      await expect.poll(async () => (await fetch(new URL('/v1/log/checkpoint', server.url), { headers: { authorization: `Bearer ${apiKey}` } })).status, { timeout: 5_000 }).toBe(200);
      await expect.poll(async () => {
        const opened = openCheckpoint(await remoteCheckpoint(remote), verifier);
        return typeof opened === 'string' ? 0 : opened.treeSize;
      }, { timeout: 5_000 }).toBe(3);
      const note = await remoteCheckpoint(remote);
      const decoded = AccountId.decode('acc-1');
      if (decoded._tag === 'Left') throw new Error('bad id');
      const account = decoded.right;
      const lines: unknown[] = [{ kind: 'checkpoint', note }];
      for await (const line of remoteAccountLines(remote, account, 3, () => undefined)) lines.push(line);
      const check = (trusted: typeof verifier) => {
        const bundle = createBundleVerifier(trusted, undefined);
        for (const line of lines) bundle.accept(line);
        return bundle.verdict();
      };
      expect(check(verifier)).toMatchObject({ verified: true, events: 2, streams: 1 });
      expect(check(verifierOf(origin, generateSigningKey().publicKey)).failures.join('\n')).toMatch(/not signed by the trusted key/);
    } finally {
      await server.stop();
    }
  });
});
