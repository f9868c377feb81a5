// Configuration parsing (one-line errors), API keys, and the rejection → status map.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseStoreLocation } from '../../../adapters/event-store/open-event-store.ts';
import { generateApiKeys, keyIdOf, keyRing, parseApiKeys, roles } from '../../../adapters/http/api-keys.ts';
import { rejectionAnswer } from '../../../adapters/http/rejection-status.ts';
import { serverConfigFrom } from '../../../adapters/app/server-config.ts';
import { operationsConfigFrom } from '../../../adapters/app/operations-config.ts';
import { readSideConfigFrom } from '../../../adapters/app/read-side-config.ts';
import { listenFailureLine } from '../../../adapters/app/listen-failure.ts';
import { RejectionCodeCodec } from '../../../domain/rejection-code.ts';

describe('LEDGER_STORE', () => {
  it.each([
    ['sqlite:./data/ledger.db', { kind: 'sqlite', path: './data/ledger.db' }],
    ['memory:', { kind: 'memory' }],
    ['esdb://localhost:2113?tls=false', { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' }],
  ])('parses %s', (value, expected) => {
    expect(parseStoreLocation(value)).toEqual({ _tag: 'Right', right: expected });
  });

  it.each(['sqlite:', 'memory', 'mysql://x', 'sqlite:   ', ''])('refuses %j in one line', (value) => {
    const parsed = parseStoreLocation(value);
    expect(parsed._tag).toBe('Left');
    if (parsed._tag === 'Left') expect(parsed.left).not.toContain('\n');
  });
});

describe('server configuration', () => {
  it('defaults to 127.0.0.1:8080 on sqlite:./data/ledger.db with generated keys', () => {
    expect(serverConfigFrom({})).toEqual({
      _tag: 'Right',
      right: {
        host: '127.0.0.1', port: 8080, store: { kind: 'sqlite', path: './data/ledger.db' }, apiKeys: undefined,
        fourEyes: { guarded: new Set(), approvalTtlHours: 72 }, stepUp: undefined,
      },
    });
  });

  it('parses LEDGER_FOUR_EYES and LEDGER_APPROVAL_TTL_HOURS', () => {
    const config = serverConfigFrom({ LEDGER_FOUR_EYES: 'incidents,freeze', LEDGER_APPROVAL_TTL_HOURS: '24' });
    expect(config._tag === 'Right' && config.right.fourEyes).toEqual({ guarded: new Set(['incidents', 'freeze']), approvalTtlHours: 24 });
    const all = serverConfigFrom({ LEDGER_FOUR_EYES: 'reversal,incidents,freeze' });
    expect(all._tag === 'Right' && [...all.right.fourEyes.guarded].sort()).toEqual(['freeze', 'incidents', 'reversal']);
  });

  it.each([{ PORT: '70000' }, { PORT: 'eighty' }, { HOST: 'a b' }, { LEDGER_API_KEYS: 'root:secret-key-1' }, { LEDGER_API_KEYS: 'payments:short' }])(
    'refuses %j',
    (env) => {
      expect(serverConfigFrom(env)._tag).toBe('Left');
    },
  );

  it.each([
    [{ HOST: '' }, 'HOST is set but empty; unset it to use its default'],
    [{ LEDGER_API_KEYS: '' }, 'LEDGER_API_KEYS is set but empty; unset it to use its default'],
    [{ LEDGER_FRAUD_AUTO_FREEZE: 'velocity,no-such-rule' }, 'LEDGER_FRAUD_AUTO_FREEZE: unknown rule(s) no-such-rule; known: '],
    [{ LEDGER_FOUR_EYES: '' }, 'LEDGER_FOUR_EYES is set but empty; unset it to use its default'],
    [{ LEDGER_FOUR_EYES: 'incidents,charges' }, 'LEDGER_FOUR_EYES "incidents,charges" must be a comma-separated list of incidents, freeze, reversal'],
    [{ LEDGER_FOUR_EYES: 'incidents, freeze' }, 'LEDGER_FOUR_EYES "incidents, freeze" must be a comma-separated list'],
    [{ LEDGER_FOUR_EYES: 'incidents,' }, 'LEDGER_FOUR_EYES "incidents," must be a comma-separated list'],
    [{ LEDGER_APPROVAL_TTL_HOURS: '0' }, 'LEDGER_APPROVAL_TTL_HOURS "0" must be an integer from 1 to 8760 (hours)'],
    [{ LEDGER_APPROVAL_TTL_HOURS: '8761' }, 'LEDGER_APPROVAL_TTL_HOURS "8761" must be an integer from 1 to 8760 (hours)'],
    [{ LEDGER_APPROVAL_TTL_HOURS: '1.5' }, 'LEDGER_APPROVAL_TTL_HOURS "1.5" must be an integer'],
  ])('refuses %j in one line', (env, line) => {
    const config = serverConfigFrom(env);
    expect(config._tag).toBe('Left');
    if (config._tag === 'Left') expect(config.left).toContain(line);
  });

  it.each([
    [{ code: 'EADDRINUSE' }, 'PORT 8080 on HOST 127.0.0.1 is already in use (EADDRINUSE)'],
    [{ code: 'ENOTFOUND' }, 'HOST 127.0.0.1 does not resolve to an address (ENOTFOUND)'],
    [{ code: 'EADDRNOTAVAIL' }, 'HOST 127.0.0.1 is not an address of this machine (EADDRNOTAVAIL)'],
    [new Error('other'), undefined],
  ])('names HOST or PORT when listening fails with %j', (error, line) => {
    expect(listenFailureLine(error, '127.0.0.1', 8080)).toBe(line);
  });
});

describe('API keys', () => {
  it('parses role:key pairs and refuses one key for two roles', () => {
    expect(parseApiKeys('payments:key-0000001, admin:key-0000002')).toEqual({
      _tag: 'Right',
      right: [{ role: 'payments', key: 'key-0000001' }, { role: 'admin', key: 'key-0000002' }],
    });
    expect(parseApiKeys('payments:key-0000001,admin:key-0000001')._tag).toBe('Left');
  });

  it('parses role:name:key triples beside pairs; a key id never contains the key', () => {
    const parsed = parseApiKeys('payments:checkout:key-0000001,finance:key-0000002');
    if (parsed._tag === 'Left') throw new Error(parsed.left);
    expect(parsed.right).toEqual([{ role: 'payments', name: 'checkout', key: 'key-0000001' }, { role: 'finance', key: 'key-0000002' }]);
    const [named, unnamed] = parsed.right.map(keyIdOf);
    expect(named).toBe('payments:checkout');
    // The contract's digest: SHA-256 of "wallet-ledger key id\n" and the key, first 8 hex digits.
    const expected = createHash('sha256').update('wallet-ledger key id\nkey-0000002').digest('hex').slice(0, 8);
    expect(unnamed).toBe(`finance:${expected}`);
    // Never the digest the key ring compares (plain SHA-256 of the key).
    expect(unnamed).not.toContain(createHash('sha256').update('key-0000002').digest('hex').slice(0, 8));
    expect(keyRing(parsed.right).callerOf('key-0000001')).toEqual({ role: 'payments', keyId: 'payments:checkout' });
    expect(keyRing(parsed.right).callerOf('key-0000002')).toEqual({ role: 'finance', keyId: unnamed });
  });

  it('refuses a bad name, too many parts, and two keys with one key id', () => {
    for (const text of ['payments:bad name:key-0000001', 'payments:a:b:key-0000001', `payments:${'n'.repeat(65)}:key-0000001`,
      'payments::key-0000001', 'admin:ops:key-0000001,admin:ops:key-0000002']) {
      expect(parseApiKeys(text)._tag, text).toBe('Left');
    }
    expect(parseApiKeys('admin:ops:key-0000001,finance:ops:key-0000002')._tag).toBe('Right');
  });

  it('generates one distinct key per role, and resolves each to its role only', () => {
    const generated = generateApiKeys();
    expect(generated.map((entry) => entry.role)).toEqual([...roles]);
    const ring = keyRing(generated);
    for (const { role, key } of generated) expect(ring.roleOf(key)).toBe(role);
    expect(ring.roleOf('nope')).toBeUndefined();
    expect(new Set(generated.map((entry) => entry.key)).size).toBe(roles.length);
  });
});

describe('rejection map', () => {
  it('answers every domain rejection with the contract status and code', () => {
    const answers = Object.fromEntries(Object.keys(RejectionCodeCodec.keys).filter(RejectionCodeCodec.is).map((code) => [code, rejectionAnswer(code)]));
    expect(answers).toEqual({
      insufficient_funds: { status: 422, code: 'insufficient_funds' },
      device_not_registered: { status: 422, code: 'device_not_registered' },
      device_not_verified: { status: 422, code: 'device_not_verified' },
      account_frozen: { status: 422, code: 'account_frozen' },
      account_exists: { status: 409, code: 'account_exists' },
      account_not_found: { status: 404, code: 'account_not_found' },
      charge_not_found: { status: 404, code: 'charge_not_found' },
      charge_already_reversed: { status: 409, code: 'charge_already_reversed' },
      device_already_registered: { status: 409, code: 'device_already_registered' },
      currency_mismatch: { status: 422, code: 'currency_mismatch' },
      idempotency_conflict: { status: 409, code: 'idempotency_conflict' },
      amount_scale_exceeded: { status: 400, code: 'invalid_request' },
      // Two-phase charges (contract v1.1).
      charge_not_held: { status: 409, code: 'charge_not_held' },
      capture_exceeds_hold: { status: 422, code: 'capture_exceeds_hold' },
      hold_not_expired: { status: 409, code: 'hold_not_expired' },
      hold_expiry_out_of_range: { status: 400, code: 'invalid_request' },
      step_up_required: { status: 422, code: 'step_up_required' },
    });
  });
});

describe('operations and read side variables', () => {
  it('default to info, 10,000 events, a worker and a read file beside the store', () => {
    expect(operationsConfigFrom({})).toEqual({ _tag: 'Right', right: { logLevel: 'info', readyLagMax: 10_000 } });
    expect(readSideConfigFrom({}, { kind: 'sqlite', path: './data/ledger.db' }))
      .toEqual({ _tag: 'Right', right: { mode: 'worker', readPath: 'data/ledger.read.db' } });
    expect(readSideConfigFrom({ LEDGER_READ_SIDE: 'worker' }, { kind: 'memory' })).toEqual({ _tag: 'Right', right: { mode: 'inline', readPath: undefined } });
    expect(readSideConfigFrom({ LEDGER_READ_SIDE: 'external', LEDGER_READ_STORE: '/v/r.db' }, { kind: 'eventstoredb', connectionString: 'esdb://x' }))
      .toEqual({ _tag: 'Right', right: { mode: 'external', readPath: '/v/r.db' } });
  });

  it.each([
    [{ LOG_LEVEL: '' }], [{ LOG_LEVEL: 'verbose' }], [{ LEDGER_READY_LAG_MAX: '' }], [{ LEDGER_READY_LAG_MAX: '-1' }], [{ LEDGER_READY_LAG_MAX: '1e3' }],
  ])('refuses %j in one line', (env) => {
    const parsed = operationsConfigFrom(env);
    expect(parsed._tag).toBe('Left');
    if (parsed._tag === 'Left') expect(parsed.left).not.toContain('\n');
  });

  it.each([[{ LEDGER_READ_SIDE: '' }], [{ LEDGER_READ_SIDE: 'thread' }], [{ LEDGER_READ_STORE: '' }]])('refuses %j in one line', (env) => {
    expect(readSideConfigFrom(env, { kind: 'sqlite', path: 'l.db' })._tag).toBe('Left');
  });
});
