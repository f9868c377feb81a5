// The documentation cannot drift from the validation: route by route, valid samples and their
// mutations are decoded by the io-ts codecs AND validated against the documented JSON Schemas
// (by fastify's own ajv, coercion off), and the two verdicts must agree. Then every registered
// route must appear in /openapi.json with its documented error statuses.
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../../adapters/http/build-app.ts';
import { documentedCodes } from '../../../adapters/http/openapi-operation.ts';
import type { AnyRouteSpec } from '../../../adapters/http/route-spec.ts';
import { routeSpecs } from '../../../adapters/http/routes/resource-plugins.ts';
import { fields } from '../../../adapters/http/wire/fields.ts';
import { noBody } from '../../../adapters/http/wire/wire.ts';
import { statusOfCode } from '../../../adapters/http/error-catalogue.ts';
import { at, testApp } from './http-fixtures.ts';
import { type Sample, samples } from './route-samples.ts';

const stringValues: ReadonlyArray<string> = [
  '', ' ', 'x', 'acc-1', 'a'.repeat(128), 'a'.repeat(129), 'a b', 'é', 'a/b', '12', '12.5', '12.50', '12.505', '12.5050', '0', '0.0', '00', '1.',
  '1e3', '-5', '+5', '1'.repeat(15), '1'.repeat(16), at, '2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123456789-03:30', '2024-05-01T10:00:00',
  '2024-05-01 10:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '10000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '9999-01-01T00:00:00Z',
  'JPY', 'USD', 'XXX', 'JP', 'jp', 'JPN', 'sms_otp', 'passkey', 'succeeded', 'failed', 'unknown', '203.0.113.5', '256.1.1.1', '::1',
  '2001:db8::1', 'manual', 'supported', 'a\u0000b', 'tab\there', 'x'.repeat(500), 'x'.repeat(501), '1000', '1001', '999999999999999999', '1000000000000000000', '-1', '01',
];
const otherValues: ReadonlyArray<unknown> = [null, true, false, 0, 12, -1, 1.5, [], ['phone-1'], ['bad id'], ['CN', 'jp'], {}, { from: at, to: at }];

type Json = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

// Every single-field change of a sample: removed, replaced by each value, plus an unknown field;
// nested objects are mutated the same way, one level down.
const mutants = (sample: Json, values: ReadonlyArray<unknown>, depth = 0): ReadonlyArray<Json> => {
  const out: Json[] = [{ ...sample, unknownField: 'x' }];
  for (const [key, value] of Object.entries(sample)) {
    const { [key]: _removed, ...rest } = sample;
    out.push(rest);
    for (const replacement of values) out.push({ ...sample, [key]: replacement });
    if (isObject(value) && depth === 0) for (const inner of mutants(value, values, 1)) out.push({ ...sample, [key]: inner });
  }
  return out;
};

const schemaChecker = Fastify({ ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false } } });
const routeKey = (spec: AnyRouteSpec) => `${spec.method} ${spec.url}`;

beforeAll(async () => {
  routeSpecs.forEach((spec, index) => {
    const properties = {
      params: spec.params.schema,
      query: spec.query.schema,
      ...(spec.body === noBody ? {} : { body: spec.body.schema }),
    };
    schemaChecker.post(`/check/${index}`, {
      schema: { body: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false } },
      handler: async () => ({ valid: true }),
    });
  });
  Object.entries(fields).forEach(([name, wire]) => {
    schemaChecker.post(`/leaf/${name}`, {
      schema: { body: { type: 'object', properties: { value: wire.schema }, required: ['value'] } },
      handler: async () => ({ valid: true }),
    });
  });
  await schemaChecker.ready();
});

const schemaAccepts = async (url: string, payload: unknown): Promise<boolean> => {
  const response = await schemaChecker.inject({ method: 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  return response.statusCode === 200;
};

const codecAccepts = (spec: AnyRouteSpec, candidate: Sample): boolean =>
  spec.params.codec.decode(candidate.params)._tag === 'Right' &&
  spec.query.codec.decode(candidate.query)._tag === 'Right' &&
  (spec.body === noBody || spec.body.codec.decode(candidate.body)._tag === 'Right');

const candidatesOf = (sample: Sample): ReadonlyArray<Sample> => {
  const out: Sample[] = [sample];
  for (const params of mutants(sample.params, stringValues)) out.push({ ...sample, params: params as Record<string, string> });
  for (const query of mutants(sample.query, stringValues)) out.push({ ...sample, query: query as Record<string, string> });
  if (isObject(sample.body)) for (const body of mutants(sample.body, [...stringValues, ...otherValues])) out.push({ ...sample, body });
  return out;
};

describe('OpenAPI schemas agree with the io-ts codecs', () => {
  it.each(routeSpecs.map((spec, index) => [routeKey(spec), index] as const))('%s', async (key, index) => {
    const spec = routeSpecs[index];
    const sample = samples[key];
    if (spec === undefined || sample === undefined) throw new Error(`no sample for ${key}`);
    expect(codecAccepts(spec, sample)).toBe(true);
    let accepted = 0;
    for (const candidate of candidatesOf(sample)) {
      const byCodec = codecAccepts(spec, candidate);
      const bySchema = await schemaAccepts(`/check/${index}`, { params: candidate.params, query: candidate.query, body: candidate.body });
      expect(bySchema, `${key} ${JSON.stringify(candidate).slice(0, 300)}`).toBe(byCodec);
      if (byCodec) accepted += 1;
    }
    // The mutations must exercise both verdicts, or the comparison proves nothing.
    expect(accepted).toBeGreaterThan(0);
  });

  it.each(Object.keys(fields))('leaf %s agrees on every probe value', async (name) => {
    const wire = fields[name as keyof typeof fields];
    const verdicts = new Set<boolean>();
    for (const value of [...stringValues, ...otherValues]) {
      const byCodec = wire.codec.decode(value)._tag === 'Right';
      verdicts.add(byCodec);
      expect(await schemaAccepts(`/leaf/${name}`, { value }), `${name} ${JSON.stringify(value).slice(0, 80)}`).toBe(byCodec);
    }
    expect(verdicts).toEqual(new Set([true, false]));
  });

  // Where JSON Schema cannot say what a codec checks, the schema is the looser one (and says so).
  const gaps: ReadonlyArray<readonly ['instant' | 'text', string, string]> = [
    ['instant', '2024-02-30T10:00:00Z', 'a date that does not exist'],
    ['instant', '1970-01-01T00:30:00+01:00', 'an offset that moves the instant before 1970'],
    ['text', '\u{1F600}'.repeat(300), 'a text of 300 emoji: 600 UTF-16 units, 300 code points'],
  ];
  it.each(gaps)('known gap: %s %s (%s) is refused by the codec only', async (name, value) => {
    expect(fields[name].codec.decode(value)._tag).toBe('Left');
    expect(await schemaAccepts(`/leaf/${name}`, { value })).toBe(true);
  });
});

describe('the OpenAPI document', () => {
  it('documents every registered route, with its error statuses', async () => {
    const { app } = await testApp();
    await app.ready();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        const spec = routeSpecs.find((candidate) => candidate.method === method.toUpperCase() && candidate.url.replace(/:(\w+)/g, '{$1}') === path);
        if (spec === undefined) throw new Error(`documented but not declared: ${method} ${path}`);
        const statuses = new Set(documentedCodes(spec).map((code) => String(statusOfCode(code))));
        for (const status of statuses) expect(Object.keys(operation.responses), `${method} ${path}`).toContain(status);
      }
    }
    const infrastructure = (url: string) => url === '/openapi.json' || url.startsWith('/docs');
    const served = registeredRoutes(app)
      .filter((route) => route.method !== 'HEAD' && !infrastructure(route.url))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(served)).toEqual(documented);
    expect(served).toHaveLength(routeSpecs.length);
  });
});
