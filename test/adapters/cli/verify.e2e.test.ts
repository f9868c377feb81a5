// `wallet-ledger export` and `verify` as child processes: a bundle of an account verifies
// offline against the trusted key (two runs only: each child process costs seconds here);
// the remote mode is tested in process (verify-remote.int.test.ts): child processes are slow here.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileBesideStore, loadSigningKey } from '../../../adapters/verifiable-log/signing-key.ts';
import { formatVerifierKey, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { appendEvents, openLoggedStore, testOrigin, waitForLogSize } from '../verifiable-log/verifiable-log-fixtures.ts';
import { runCli, tempStore } from './cli-fixtures.ts';

const temp = tempStore();
afterAll(() => temp.remove());

describe('wallet-ledger export and verify', () => {
  it('verifies an exported account offline (tampering is refused in verifiable-log/bundle-attacks.int.test.ts)', async () => {
    const key = loadSigningKey({ kind: 'beside_store', path: keyFileBesideStore(temp.path) });
    const logged = openLoggedStore(temp.path, key);
    await appendEvents(logged.store, 40, 4);
    await waitForLogSize(logged.log, 40);
    await logged.log.signNow();
    await logged.close();
    const verifierKey = formatVerifierKey(verifierOf(testOrigin, key.publicKey));
    const bundle = join(temp.directory, 'account-1.ndjson');
    const exported = await runCli(['export', '--account', '1', '--store', temp.store, '--output', bundle]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    // In a worker thread (a small bundle is checked on the main thread by default): the worker
    // loads its TypeScript through the installed bin's loader.
    const verified = await runCli(['verify', '--key', verifierKey, '--bundle', bundle, '--threads', '1']);
    expect(verified.stdout).toMatch(/^verified: bundle .*: 10 events in 1 streams.* size 40\n$/);
    expect(verified.code).toBe(0);

  });
});
