// A fast-check arbitrary of hostile requests: a valid request to a documented route (the HTTP
// tests' route samples) with one to three mutations, each of which alone makes it invalid: a field
// given a value of support/hostile-values.ts, a required field removed, an unknown or
// prototype-polluting key added, the whole body replaced, a wrong content type, a path id or a
// query the route refuses, a method it does not have.
import fc from 'fast-check';
import type { AnyRouteSpec } from '../../../adapters/http/route-spec.ts';
import { routeSpecs } from '../../../adapters/http/routes/resource-plugins.ts';
import { type Sample, samples } from '../../adapters/http/route-samples.ts';
import {
  type Hostile, anyField, hostileBodies, hostileContentTypes, hostileFor, hostileQueries, hostileSegments, unknownKeys,
} from './hostile-values.ts';

export type HostileRequest = Readonly<{
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  contentType: string | undefined;
  payload: string | undefined;
  mutations: ReadonlyArray<string>;
}>;

type Mutation =
  | Readonly<{ kind: 'field'; field: string; hostile: Hostile }>
  | Readonly<{ kind: 'remove'; field: string }>
  | Readonly<{ kind: 'unknown'; key: string; hostile: Hostile }>
  | Readonly<{ kind: 'body'; text: string }>
  | Readonly<{ kind: 'content-type'; value: string | undefined }>
  | Readonly<{ kind: 'segment'; param: string; segment: string }>
  | Readonly<{ kind: 'query'; query: string }>
  | Readonly<{ kind: 'method'; method: 'PUT' | 'PATCH' }>;

const jsonOf = (hostile: Hostile): string => ('raw' in hostile ? hostile.raw : JSON.stringify(hostile.value));

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const mutationsFor = (spec: AnyRouteSpec, sample: Sample): fc.Arbitrary<Mutation> => {
  const body = isRecord(sample.body) ? sample.body : undefined;
  const fields = body === undefined ? [] : Object.keys(body);
  const required = spec.body.schema.required ?? [];
  const params = Object.keys(sample.params);
  // Weights: a wrong method answers 404 before anything else is looked at, so it comes rarely.
  const options: Array<fc.WeightedArbitrary<Mutation>> = [
    { weight: 2, arbitrary: fc.constantFrom(...hostileQueries).map((query): Mutation => ({ kind: 'query', query })) },
    { weight: 1, arbitrary: fc.constantFrom('PUT' as const, 'PATCH' as const).map((method): Mutation => ({ kind: 'method', method })) },
  ];
  const add = (weight: number, arbitrary: fc.Arbitrary<Mutation>): void => {
    options.push({ weight, arbitrary });
  };
  if (params.length > 0) add(3, fc.tuple(fc.constantFrom(...params), fc.constantFrom(...hostileSegments)).map(([param, segment]): Mutation => ({ kind: 'segment', param, segment })));
  if (body !== undefined) {
    add(8, fc.constantFrom(...fields).chain((field) => fc.constantFrom(...hostileFor(field)).map((hostile): Mutation => ({ kind: 'field', field, hostile }))));
    add(3, fc.tuple(fc.constantFrom(...unknownKeys), fc.constantFrom(...anyField, { value: 'x' })).map(([key, hostile]): Mutation => ({ kind: 'unknown', key, hostile })));
    add(2, fc.constantFrom(...hostileBodies).map((text): Mutation => ({ kind: 'body', text })));
    add(2, fc.constantFrom(...hostileContentTypes).map((value): Mutation => ({ kind: 'content-type', value })));
    if (required.length > 0) add(2, fc.constantFrom(...required).map((field): Mutation => ({ kind: 'remove', field })));
  }
  return fc.oneof(...options);
};

const build = (spec: AnyRouteSpec, sample: Sample, mutations: ReadonlyArray<Mutation>): HostileRequest => {
  const entries = new Map<string, string>(Object.entries(isRecord(sample.body) ? sample.body : {}).map(([key, value]) => [key, JSON.stringify(value)]));
  const params = { ...sample.params };
  let method: HostileRequest['method'] = spec.method;
  let contentType: string | undefined = sample.body === undefined ? undefined : 'application/json';
  let bodyText: string | undefined;
  const queries = [new URLSearchParams(sample.query).toString()];
  for (const mutation of mutations) {
    if (mutation.kind === 'field' || mutation.kind === 'unknown') entries.set(mutation.kind === 'field' ? mutation.field : mutation.key, jsonOf(mutation.hostile));
    else if (mutation.kind === 'remove') entries.delete(mutation.field);
    else if (mutation.kind === 'body') bodyText = mutation.text;
    else if (mutation.kind === 'content-type') contentType = mutation.value;
    else if (mutation.kind === 'segment') params[mutation.param] = mutation.segment;
    else if (mutation.kind === 'query') queries.push(mutation.query);
    else method = mutation.method;
  }
  // Built as text: a `__proto__` key set on an object would change its prototype instead.
  const payload = sample.body === undefined ? undefined : (bodyText ?? `{${[...entries].map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`);
  const path = spec.url.replace(/:([A-Za-z]+)/g, (_match, name: string) => params[name] ?? '');
  const query = queries.filter((part) => part !== '').join('&');
  const described = mutations.map((mutation) => JSON.stringify(mutation).slice(0, 160));
  return { method, url: query === '' ? path : `${path}?${query}`, contentType, payload, mutations: described };
};

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.constantFrom(...routeSpecs).chain((spec) => {
  const sample = samples[`${spec.method} ${spec.url}`];
  if (sample === undefined) throw new Error(`no sample for ${spec.method} ${spec.url}`);
  return fc.array(mutationsFor(spec, sample), { minLength: 1, maxLength: 3 }).map((mutations) => build(spec, sample, mutations));
});
