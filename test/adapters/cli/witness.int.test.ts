// The witness against running servers signing with one log key: it co-signs a checkpoint, the
// cosignature counts toward a quorum, and a checkpoint inconsistent with the one it saw (another
// history under the same key) is refused with the evidence kept.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../adapters/app/server.ts';
import { witnessOnce } from '../../../adapters/cli/witness-command.ts';
import { cosignatureCount } from '../../../adapters/verifiable-log/cosignature.ts';
import { cosignatureV1Type, formatVerifierKey, parseSignedNote, verifierOf } from '../../../adapters/verifiable-log/signed-note.ts';
import { generateSigningKey, signingKeyPem } from '../../../adapters/verifiable-log/signing-key.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-witness-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const apiKey = 'auditor-key-0123456789';
const origin = 'ledger.example/witnessed';

const serve = async (logKeyFile: string, accounts: ReadonlyArray<string>) => {
  const server = await startServer({
    env: { LEDGER_STORE: 'memory:', PORT: '0', LEDGER_API_KEYS: `payments:payments-key-0123456789,auditor:${apiKey}`, LEDGER_LOG_ORIGIN: origin, LEDGER_CHECKPOINT_INTERVAL_MS: '20', LEDGER_SIGNING_KEY_FILE: logKeyFile },
    print: () => undefined,
    logger: false,
  });
  for (const accountId of accounts) {
    await fetch(new URL('/v1/accounts', server.url), { method: 'POST', headers: { authorization: 'Bearer payments-key-0123456789', 'content-type': 'application/json' }, body: JSON.stringify({ accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: '2026-12-01T10:00:00+09:00' }) });
  }
  await expect.poll(async () => (await fetch(new URL('/v1/log/checkpoint', server.url), { headers: { authorization: `Bearer ${apiKey}` } })).text(), { timeout: 5_000 })
    .toMatch(new RegExp(`^${origin}\\n${accounts.length}\\n`));
  return server;
};

describe('wallet-ledger witness', () => {
  it('co-signs a consistent checkpoint and refuses another history, keeping the evidence', async () => {
    const logKey = generateSigningKey();
    const logKeyFile = join(directory, 'log.pem');
    writeFileSync(logKeyFile, signingKeyPem(logKey));
    const witnessKey = generateSigningKey();
    const witnessKeyFile = join(directory, 'witness.pem');
    writeFileSync(witnessKeyFile, signingKeyPem(witnessKey));
    const state = join(directory, 'state.txt');
    const options = { logKey: '', key: witnessKeyFile, name: 'witness.example/w1', state, once: true };
    const logVerifierKey = formatVerifierKey(verifierOf(origin, logKey.publicKey));

    const honest = await serve(logKeyFile, ['a-1', 'a-2']);
    try {
      await witnessOnce({ ...options, logKey: logVerifierKey, url: honest.url }, apiKey);
    } finally {
      await honest.stop();
    }
    const cosigned = parseSignedNote(readFileSync(state, 'utf8'));
    const witness = verifierOf('witness.example/w1', witnessKey.publicKey, cosignatureV1Type);
    expect(cosigned === undefined ? 0 : cosignatureCount(cosigned, [witness])).toBe(1);

    const forked = await serve(logKeyFile, ['b-1', 'b-2', 'b-3']);
    try {
      await expect(witnessOnce({ ...options, logKey: logVerifierKey, url: forked.url }, apiKey)).rejects.toThrow(/REFUSED: .* size 3 is not consistent with the one of size 2/);
    } finally {
      await forked.stop();
    }
    const evidence = readdirSync(directory).filter((name) => name.startsWith('state.txt.evidence-'));
    expect(evidence).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(directory, evidence[0] ?? ''), 'utf8')).previous).toBe(readFileSync(state, 'utf8'));
    expect(existsSync(state)).toBe(true);
  });
});
