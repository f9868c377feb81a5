// The OpenAPI document as client generators and gateways read it: lint clean under two linters
// nobody here wrote (Redocly's recommended rules, Spectral's spectral:oas), with a unique
// operationId per operation, named components instead of inline copies, the CSV answer documented,
// keyless routes marked keyless, and descriptions that render as written in /docs (Markdown).
import { beforeAll, describe, expect, it } from 'vitest';
import { operationIdOf } from '../../../../adapters/http/openapi-operation.ts';
import { markdownSafe } from '../../../../adapters/http/plugins/openapi-document.ts';
import { routeSpecs } from '../../../../adapters/http/routes/resource-plugins.ts';
import { accountEventSchema } from '../../../../adapters/http/wire/event-schemas.ts';
import { testApp } from '../http-fixtures.ts';
import { redoclyRecommended, spectralOas } from './openapi-linters.ts';

type Json = unknown;
type JsonObject = Readonly<Record<string, Json>>;
const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (value: Json, ...keys: ReadonlyArray<string>): Json => keys.reduce<Json>((node, key) => (isObject(node) ? node[key] : undefined), value);

let document: JsonObject = {};
const operations = (): ReadonlyArray<readonly [string, JsonObject]> =>
  Object.entries(isObject(document.paths) ? document.paths : {}).flatMap(([path, item]) =>
    Object.entries(isObject(item) ? item : {}).flatMap(([method, operation]) => (isObject(operation) ? [[`${method.toUpperCase()} ${path}`, operation] as const] : [])),
  );

// Every string under a description or summary key, wherever it sits in the document.
const texts = (node: Json, key?: string): ReadonlyArray<string> => {
  if (typeof node === 'string') return key === 'description' || key === 'summary' ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((item) => texts(item));
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([name, value]) => texts(value, key === 'properties' ? undefined : name));
};

beforeAll(async () => {
  const { app } = await testApp();
  await app.ready();
  const served: unknown = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  if (!isObject(served)) throw new Error('no document');
  document = served;
});

describe('the OpenAPI document', () => {
  it('is clean under Redocly recommended', async () => {
    expect(await redoclyRecommended(document)).toEqual([]);
  });

  it("is clean under Spectral's spectral:oas", async () => {
    expect(await spectralOas(document)).toEqual([]);
  });

  it('the linters do find problems (a document without servers and with an empty required list)', async () => {
    const broken = { ...document, servers: undefined, components: { ...(isObject(document.components) ? document.components : {}), schemas: { Broken: { type: 'object', required: [] } } } };
    expect((await redoclyRecommended(broken)).map((problem) => problem.rule)).toContain('no-empty-servers');
    expect((await spectralOas(broken)).map((problem) => problem.rule)).toEqual(expect.arrayContaining(['oas3-api-servers', 'oas3-schema']));
  });

  it('names every operation uniquely, from the route spec', () => {
    const ids = operations().map(([, operation]) => operation.operationId);
    expect(ids).toHaveLength(routeSpecs.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('getIncidentsReimbursements');
    expect(operationIdOf({ method: 'DELETE', url: '/v1/accounts/:accountId/devices/:deviceId' })).toBe('deleteAccountsDevicesByDeviceId');
    expect(operationIdOf({ method: 'POST', url: '/v1/accounts/:accountId/top-ups' })).toBe('postAccountsTopUps');
  });

  it('refers to one Error schema instead of copying it, and names the event and alert items', () => {
    const schemas = at(document, 'components', 'schemas');
    expect(Object.keys(isObject(schemas) ? schemas : {})).toEqual(
      expect.arrayContaining(['Error', 'AccountEvent', 'FraudAlert', 'VelocityAlert', 'ImpossibleTravelAlert', 'WalletChargedEvent', 'ChargeReversedEvent']),
    );
    for (const [route, operation] of operations()) {
      for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
        if (Number(status) < 400) continue;
        expect(at(response, 'content', 'application/json', 'schema'), `${route} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
  });

  it('types event data per event type (derived from the codecs, no leaf left untyped) and alert details per rule', () => {
    expect(JSON.stringify(accountEventSchema)).not.toContain('any value');
    const charged = at(document, 'components', 'schemas', 'WalletChargedEvent');
    expect(at(charged, 'properties', 'type')).toEqual({ type: 'string', enum: ['WalletCharged'] });
    expect(at(charged, 'properties', 'data', 'required')).toEqual(['accountId', 'occurredAt', 'chargeId', 'amount', 'merchantId', 'storeId', 'deviceId']);
    expect(at(charged, 'properties', 'data', 'properties', 'amount', 'required')).toEqual(['amount', 'currency']);
    expect(at(document, 'components', 'schemas', 'AccountEvent', 'discriminator', 'propertyName')).toBe('type');
    expect(at(document, 'components', 'schemas', 'FraudAlert', 'discriminator', 'propertyName')).toBe('rule');
  });

  it('documents both media types of the reimbursements and text/plain for the metrics', () => {
    const reimbursements = at(document, 'paths', '/v1/incidents/{incidentId}/reimbursements', 'get', 'responses', '200', 'content');
    expect(Object.keys(isObject(reimbursements) ? reimbursements : {})).toEqual(['application/json', 'text/csv']);
    expect(at(reimbursements, 'text/csv', 'schema', 'type')).toBe('string');
    const metrics = at(document, 'paths', '/metrics', 'get', 'responses', '200', 'content');
    expect(Object.keys(isObject(metrics) ? metrics : {})).toEqual(['text/plain']);
  });

  it('documents x-request-id on every answer and Ledger-Chain-Verified on the account reads', () => {
    for (const [route, operation] of operations()) {
      for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
        expect(at(response, 'headers', 'x-request-id', 'schema', 'type'), `${route} ${status}`).toBe('string');
      }
    }
    expect(at(document, 'paths', '/v1/accounts/{accountId}/balance', 'get', 'responses', '200', 'headers', 'ledger-chain-verified', 'schema', 'enum')).toEqual(['false']);
    expect(at(document, 'paths', '/v1/accounts/{accountId}/events', 'get', 'responses', '200', 'headers', 'ledger-chain-verified', 'schema', 'enum')).toEqual(['false']);
    expect(at(document, 'paths', '/v1/accounts', 'post', 'responses', '201', 'headers', 'ledger-chain-verified')).toBeUndefined();
  });

  it('marks keyless routes keyless, declares every tag and names a server', () => {
    expect(at(document, 'paths', '/health', 'get', 'security')).toEqual([]);
    expect(at(document, 'paths', '/v1/accounts', 'post', 'security')).toEqual([{ bearer: [] }]);
    const declared = new Set((Array.isArray(document.tags) ? document.tags : []).map((tag) => at(tag, 'name')));
    for (const [route, operation] of operations()) for (const tag of Array.isArray(operation.tags) ? operation.tags : []) expect(declared, route).toContain(tag);
    expect(Array.isArray(document.servers) && document.servers.length).toBe(1);
  });

  it('says nothing Markdown would take for HTML: any < or > is inside a code span', () => {
    const outsideCode = (text: string) => text.split('`').filter((_, index) => index % 2 === 0).join('');
    const all = texts(document);
    expect(all.some((text) => text.includes('waitFor=<position>'))).toBe(true);
    expect(all.filter((text) => /[<>]/.test(outsideCode(text)))).toEqual([]);
    expect(markdownSafe('accept waitFor=<position> to see')).toBe('accept `waitFor=<position>` to see');
    expect(markdownSafe('from <= occurredAt < to; `a<b` stays')).toBe('from `<=` occurredAt `<` to; `a<b` stays');
  });
});
