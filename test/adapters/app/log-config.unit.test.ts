// The verifiable log's variables: defaults, and one-line refusals of bad values (empty included).
import { describe, expect, it } from 'vitest';
import { logConfigFrom } from '../../../adapters/app/log-config.ts';

describe('verifiable log configuration', () => {
  it('defaults to origin wallet-ledger, a 1 s interval and a key beside the store', () => {
    expect(logConfigFrom({})).toEqual({ _tag: 'Right', right: { origin: 'wallet-ledger', originGiven: false, signingKeyFile: undefined, checkpointIntervalMs: 1000 } });
  });

  it.each([
    { LEDGER_LOG_ORIGIN: '' }, { LEDGER_LOG_ORIGIN: 'has space' }, { LEDGER_LOG_ORIGIN: 'a+b' }, { LEDGER_LOG_ORIGIN: 'x'.repeat(101) },
    { LEDGER_LOG_ORIGIN: 'caf\u00e9' }, { LEDGER_SIGNING_KEY_FILE: '' }, { LEDGER_CHECKPOINT_INTERVAL_MS: '' },
    { LEDGER_CHECKPOINT_INTERVAL_MS: '0' }, { LEDGER_CHECKPOINT_INTERVAL_MS: '1.5' }, { LEDGER_CHECKPOINT_INTERVAL_MS: '86400001' },
  ])('refuses %j in one line', (env) => {
    const parsed = logConfigFrom(env);
    expect(parsed._tag).toBe('Left');
    if (parsed._tag === 'Left') expect(parsed.left).not.toContain('\n');
  });
});
