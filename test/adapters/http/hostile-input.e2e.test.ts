// No input, however malformed, gets a 5xx or appends anything: every refusal has the contract's
// error shape. Hand-picked hostile cases first, then seeded random bodies, URLs and headers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, errorShape, fundedAccount, keys, proposeSampleApproval, testApp } from './http-fixtures.ts';

const validCharge = { chargeId: 'c-1', amount: '10', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at };
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const raw = async (
  target: Awaited<ReturnType<typeof testApp>>,
  method: 'POST' | 'GET' | 'DELETE' | 'PUT',
  url: string,
  payload: string | undefined,
  contentType = 'application/json',
) =>
  target.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${keys.admin}`, ...(payload === undefined ? {} : { 'content-type': contentType }) },
    ...(payload === undefined ? {} : { payload }),
  });

describe('hostile input', () => {
  const cases: ReadonlyArray<readonly [string, string, string | undefined, number, string, string?]> = [
    ['malformed JSON', '/v1/accounts/acc-1/charges', '{"chargeId":', 400, 'invalid_request'],
    ['empty JSON body', '/v1/accounts/acc-1/charges', '', 400, 'invalid_request'],
    ['no body', '/v1/accounts/acc-1/charges', undefined, 400, 'invalid_request'],
    ['a JSON array', '/v1/accounts/acc-1/charges', '[1,2]', 400, 'invalid_request'],
    ['a JSON string', '/v1/accounts/acc-1/charges', '"hello"', 400, 'invalid_request'],
    ['JSON null', '/v1/accounts/acc-1/charges', 'null', 400, 'invalid_request'],
    ['nesting 100,000 deep', '/v1/accounts/acc-1/charges', deep(100_000), 400, 'invalid_request'],
    ['nesting inside a field', '/v1/accounts/acc-1/charges', JSON.stringify(validCharge).replace('"10"', deep(50_000)), 400, 'invalid_request'],
    ['__proto__ key', '/v1/accounts/acc-1/charges', `{"__proto__":{"admin":true},"chargeId":"c"}`, 400, 'invalid_request'],
    ['a repeated key', '/v1/accounts/acc-1/charges', JSON.stringify(validCharge).replace('"amount":"10"', '"amount":"10","amount":"20"'), 400, 'invalid_request'],
    ['a repeated key, escaped differently', '/v1/accounts/acc-1/charges', JSON.stringify(validCharge).replace('"amount":"10"', '"amount":"10","\\u0061mount":"20"'), 400, 'invalid_request'],
    ['constructor.prototype key', '/v1/accounts/acc-1/charges', `{"constructor":{"prototype":{"x":1}}}`, 400, 'invalid_request'],
    ['amount as a number', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, amount: 10 }), 400, 'invalid_request'],
    ['amount 1e309', '/v1/accounts/acc-1/charges', JSON.stringify(validCharge).replace('"10"', '1e309'), 400, 'invalid_request'],
    ['amount "1e3"', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, amount: '1e3' }), 400, 'invalid_request'],
    ['negative amount', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, amount: '-5' }), 400, 'invalid_request'],
    ['zero amount', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, amount: '0.00' }), 400, 'invalid_request'],
    ['amount with 16 integer digits', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, amount: '1'.repeat(16) }), 400, 'invalid_request'],
    ['year 10000', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, occurredAt: '10000-01-01T00:00:00Z' }), 400, 'invalid_request'],
    ['a time without offset', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, occurredAt: '2024-05-01T10:00:00' }), 400, 'invalid_request'],
    ['February 30', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, occurredAt: '2024-02-30T10:00:00Z' }), 400, 'invalid_request'],
    ['a 1 MB string field', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, category: 'x'.repeat(1_000_000) }), 400, 'invalid_request'],
    ['a body over 1 MiB', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, category: 'x'.repeat(1_100_000) }), 413, 'payload_too_large'],
    ['an id of 129 characters', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, chargeId: 'c'.repeat(129) }), 400, 'invalid_request'],
    ['an id with a slash', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, chargeId: 'a/b' }), 400, 'invalid_request'],
    ['an id with unicode', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, chargeId: 'café' }), 400, 'invalid_request'],
    ['an unknown field', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, balance: '1000000' }), 400, 'invalid_request'],
    ['a control character in text', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, category: 'a\u0000b' }), 400, 'invalid_request'],
    ['a path id with a space', '/v1/accounts/acc%201/charges', JSON.stringify(validCharge), 400, 'invalid_request'],
    ['a path id of 129 characters', `/v1/accounts/${'a'.repeat(129)}/charges`, JSON.stringify(validCharge), 400, 'invalid_request'],
    ['a path id of 2,000 characters', `/v1/accounts/${'a'.repeat(2000)}/charges`, JSON.stringify(validCharge), 400, 'invalid_request'],
    ['bad percent-encoding', '/v1/accounts/%zz/charges', JSON.stringify(validCharge), 400, 'invalid_request'],
    ['an encoded NUL in the path', '/v1/accounts/a%00b/charges', JSON.stringify(validCharge), 400, 'invalid_request'],
    ['text/plain', '/v1/accounts/acc-1/charges', 'chargeId=c-1', 415, 'unsupported_media_type', 'text/plain'],
    ['form encoding', '/v1/accounts/acc-1/charges', 'chargeId=c-1', 415, 'unsupported_media_type', 'application/x-www-form-urlencoded'],
    ['an unknown route', '/v1/nothing-here', '{}', 404, 'not_found'],
    ['a query on a command', '/v1/accounts/acc-1/charges?x=1', JSON.stringify(validCharge), 400, 'invalid_request'],
    // Two-phase charges (v1.1).
    ['capture other than manual', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, capture: 'auto' }), 400, 'invalid_request'],
    ['holdExpiresAt without capture manual', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, holdExpiresAt: '2024-05-02T00:00:00Z' }), 400, 'invalid_request'],
    ['holdExpiresAt 31 days on', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, capture: 'manual', holdExpiresAt: '2024-06-01T12:00:00.001Z' }), 400, 'invalid_request'],
    ['holdExpiresAt in the past', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, capture: 'manual', holdExpiresAt: '2024-04-01T00:00:00Z' }), 400, 'invalid_request'],
    ['holdExpiresAt in year 10000', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, capture: 'manual', holdExpiresAt: '10000-01-01T00:00:00Z' }), 400, 'invalid_request'],
    ['a capture amount as a number', '/v1/accounts/acc-1/charges/c-1/capture', JSON.stringify({ occurredAt: at, amount: 10 }), 400, 'invalid_request'],
    ['a capture amount of zero', '/v1/accounts/acc-1/charges/c-1/capture', JSON.stringify({ occurredAt: at, amount: '0' }), 400, 'invalid_request'],
    ['a capture with an unknown field', '/v1/accounts/acc-1/charges/c-1/capture', JSON.stringify({ occurredAt: at, currency: 'JPY' }), 400, 'invalid_request'],
    // Step-up (v1.1).
    ['stepUp other than supported', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, stepUp: 'yes' }), 400, 'invalid_request'],
    ['stepUp as a boolean', '/v1/accounts/acc-1/charges', JSON.stringify({ ...validCharge, stepUp: true }), 400, 'invalid_request'],
    ['a step-up without a method', '/v1/accounts/acc-1/charges/c-1/step-up', JSON.stringify({ occurredAt: at }), 400, 'invalid_request'],
    ['a step-up with an unknown method', '/v1/accounts/acc-1/charges/c-1/step-up', JSON.stringify({ method: 'fax', occurredAt: at }), 400, 'invalid_request'],
    ['a step-up with an amount', '/v1/accounts/acc-1/charges/c-1/step-up', JSON.stringify({ method: 'totp', occurredAt: at, amount: '1' }), 400, 'invalid_request'],
    ['a step-up of a charge id too long', `/v1/accounts/acc-1/charges/${'c'.repeat(129)}/step-up`, JSON.stringify({ method: 'totp', occurredAt: at }), 400, 'invalid_request'],
    ['a void without a reason', '/v1/accounts/acc-1/charges/c-1/void', JSON.stringify({ occurredAt: at }), 400, 'invalid_request'],
    ['a void of a charge id with a slash', '/v1/accounts/acc-1/charges/a%2Fb/void', JSON.stringify({ occurredAt: at, reason: 'x' }), 400, 'invalid_request'],
    // Four eyes (v1.1).
    ['an approval without occurredAt', '/v1/approvals/apr-1/approve', JSON.stringify({ reason: 'ok' }), 400, 'invalid_request'],
    ['a rejection with an unknown field', '/v1/approvals/apr-1/reject', JSON.stringify({ occurredAt: at, status: 'approved' }), 400, 'invalid_request'],
    ['an approval id with a slash', '/v1/approvals/a%2Fb/approve', JSON.stringify({ occurredAt: at }), 400, 'invalid_request'],
    ['an approval id of 129 characters', `/v1/approvals/${'a'.repeat(129)}/reject`, JSON.stringify({ occurredAt: at }), 400, 'invalid_request'],
    ['an approval of no proposal', '/v1/approvals/apr-none/approve', JSON.stringify({ occurredAt: at }), 404, 'not_found'],
    ['a rejection of no proposal', '/v1/approvals/apr-none/reject', JSON.stringify({ occurredAt: at }), 404, 'not_found'],
    ['an approval reason with a control character', '/v1/approvals/apr-1/approve', JSON.stringify({ occurredAt: at, reason: 'a\u0007b' }), 400, 'invalid_request'],
  ];

  const rows = cases.map(([name, url, payload, status, code, contentType]) => ({ name, url, payload, status, code, contentType }));
  it.each(rows)('$name: the contract status and code, nothing appended', async ({ url, payload, status, code, contentType }) => {
    const target = await testApp();
    await fundedAccount(target.call, 'acc-1', '1000');
    await proposeSampleApproval(target.store);
    const head = await target.store.headPosition();
    const response = await raw(target, 'POST', url, payload, contentType);
    expect([response.statusCode, errorShape(response).code]).toEqual([status, code]);
    expect(await target.store.headPosition()).toBe(head);
  });

  it.each([
    ['a limit of 0', '/v1/accounts/acc-1/events?limit=0'],
    ['a limit of 1001', '/v1/accounts/acc-1/events?limit=1001'],
    ['a repeated query key', '/v1/accounts/acc-1/events?limit=1&limit=2'],
    ['a negative position', '/v1/accounts/acc-1/events?after=-1'],
    ['a 30-digit position', `/v1/accounts/acc-1/events?after=${'9'.repeat(30)}`],
    ['waitFor beyond the last position', '/v1/accounts/acc-1/balance?waitFor=999'],
    ['asOf in year 10000', '/v1/accounts/acc-1/balance?asOf=10000-01-01T00:00:00Z'],
    ['an unknown query field', '/v1/accounts/acc-1/audit?verbose=1'],
    ['since that is not a time', '/v1/fraud/alerts?since=yesterday'],
    ['a log index past the tree', '/v1/log/proofs/inclusion?logIndex=4&treeSize=4'],
    ['a tree size past the latest checkpoint', '/v1/log/proofs/inclusion?logIndex=0&treeSize=5'],
    ['a huge log index', `/v1/log/proofs/inclusion?logIndex=${'9'.repeat(40)}&treeSize=4`],
    ['a negative tree size', '/v1/log/proofs/inclusion?logIndex=0&treeSize=-1'],
    ['a tree size of 2^53', '/v1/log/proofs/inclusion?logIndex=0&treeSize=9007199254740992'],
    ['a consistency proof from 0', '/v1/log/proofs/consistency?from=0&to=4'],
    ['a consistency proof backwards', '/v1/log/proofs/consistency?from=4&to=2'],
    ['a consistency proof past the latest checkpoint', '/v1/log/proofs/consistency?from=2&to=99999999999'],
    ['a fractional tree size', '/v1/log/proofs/consistency?from=1.5&to=4'],
    ['a checkpoint size that is not a number', '/v1/log/checkpoints/latest'],
    ['a checkpoint size with a sign', '/v1/log/checkpoints/+4'],
    ['an unknown approval status', '/v1/approvals?status=pending'],
    ['an approvals limit of 0', '/v1/approvals?limit=0'],
    ['an approval id with a space', '/v1/approvals/a%20b'],
  ])('GET with %s → 400 invalid_request', async (_name, url) => {
    const target = await testApp();
    await fundedAccount(target.call, 'acc-1', '1000');
    const response = await raw(target, 'GET', url, undefined);
    expect([response.statusCode, errorShape(response).code]).toEqual([400, 'invalid_request']);
  });

  it('answers random bodies on every command route with a 2xx or a shaped 4xx, never a 5xx', async () => {
    const target = await testApp();
    await fundedAccount(target.call, 'acc-1', '1000');
    await proposeSampleApproval(target.store);
    const urls = [
      '/v1/accounts', '/v1/accounts/acc-1/devices', '/v1/accounts/acc-1/devices/phone-1/verification',
      '/v1/accounts/acc-1/logins', '/v1/accounts/acc-1/top-ups', '/v1/accounts/acc-1/charges',
      '/v1/accounts/acc-1/charges/c-1/reversal', '/v1/accounts/acc-1/freeze', '/v1/incidents',
      '/v1/accounts/acc-1/charges/c-1/capture', '/v1/accounts/acc-1/charges/c-1/void', '/v1/accounts/acc-1/charges/c-1/step-up',
      '/v1/approvals/apr-1/approve', '/v1/approvals/apr-1/reject',
    ];
    const field = fc.oneof(
      fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
      fc.constantFrom('10', '0.5', at, 'JPY', 'JP', 'sms_otp', 'c-1', 'manual', 'supported'),
      fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
    );
    const body = fc.dictionary(
      fc.constantFrom('accountId', 'deviceId', 'chargeId', 'amount', 'occurredAt', 'currency', 'method', 'reason', 'source', 'topUpId', 'merchantId', 'storeId', 'window', 'criteria', 'capture', 'holdExpiresAt', 'stepUp', 'x'),
      field,
      { maxKeys: 8 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...urls), body, async (url, payload) => {
        const response = await raw(target, 'POST', url, JSON.stringify(payload));
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) errorShape(response);
      }),
      { seed: 20240501, numRuns: 400 },
    );
  });

  it('answers random raw bytes and URLs with a shaped 4xx, never a 5xx', async () => {
    const target = await testApp();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), async (payload, segment) => {
        const response = await raw(target, 'POST', `/v1/accounts/${encodeURIComponent(segment)}/charges`, payload);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        errorShape(response);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
