// How one route spec reads in the OpenAPI document: an operationId derived from the method and
// the path (so a route declared the usual way gets a unique, stable one with no extra field), the
// roles in the description, `security: []` on keyless routes, every media type of the success
// answer, and errors as references to the one named Error schema (the codes a status can carry
// are listed in its description rather than in a copy of the schema per route).
import type { AnyRouteSpec } from './route-spec.ts';
import { chainVerifiedHeader, chainVerifiedRoutes } from './chain-verified-header.ts';
import { type ErrorCode, statusOfCode, wireCodeOf } from './error-catalogue.ts';
import { jsonMediaType } from './media-type.ts';
import type { JsonSchema } from './wire/json-schema.ts';
import { named } from './wire/named-schema.ts';
import { noBody } from './wire/wire.ts';


export const errorSchema: JsonSchema = named('Error', {
  type: 'object',
  description: 'The error shape of every answer that is not a success.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'snake_case code; the response description lists the codes of its status' },
        message: { type: 'string', description: 'a human sentence' },
        details: { description: 'optional, code-specific detail (for invalid_request: the fields and problems)' },
      },
    },
  },
});

const camel = (segment: string): string =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

// GET /v1/accounts/:accountId/balance -> getAccountsBalance; a path that ends in a parameter says
// so (DELETE /v1/accounts/:accountId/devices/:deviceId -> deleteAccountsDevicesByDeviceId), and
// the version prefix is dropped: the document is the version.
export const operationIdOf = (spec: Readonly<{ method: string; url: string }>): string => {
  const segments = spec.url.split('/').filter((segment) => segment !== '' && !/^v[0-9]+$/.test(segment));
  const last = segments.at(-1);
  const words = segments.filter((segment) => !segment.startsWith(':')).map(camel);
  const byParameter = last?.startsWith(':') === true ? `By${camel(last.slice(1))}` : '';
  return `${spec.method.toLowerCase()}${words.join('')}${byParameter}`;
};

// The codes every route of a kind can answer, besides its own.
export const documentedCodes = (spec: AnyRouteSpec): ReadonlyArray<ErrorCode> => {
  const codes: ErrorCode[] = ['invalid_request'];
  if (spec.access !== 'public') codes.push('unauthenticated', 'forbidden');
  if (spec.body !== noBody) codes.push('payload_too_large', 'unsupported_media_type');
  return [...new Set([...codes, ...spec.errors])];
};

// Headers on the answers (build-app.ts sends x-request-id on every one; chain-verified-header.ts
// marks an account's reads when its chain does not verify).
const requestIdHeader = { 'x-request-id': { type: 'string', description: 'the id of this request, as in the server log line about it' } };
const chainHeader = {
  [chainVerifiedHeader]: {
    type: 'string', enum: ['false'],
    description: "sent only as `false`, when the account's hash chain does not verify (the body is unchanged); absent otherwise",
  },
};

const textSchema = (mediaType: string): JsonSchema => ({ type: 'string', description: `${mediaType} text` });

const successResponses = (spec: AnyRouteSpec) => {
  const mediaTypes = spec.mediaTypes ?? [jsonMediaType];
  return Object.fromEntries(
    Object.entries(spec.success).map(([status, schema]) => [
      status,
      {
        description: schema.description ?? 'Success',
        headers: { ...requestIdHeader, ...(chainVerifiedRoutes.has(spec.url) ? chainHeader : {}) },
        content: Object.fromEntries(
          mediaTypes.map((mediaType) => [mediaType, { schema: mediaType === jsonMediaType ? schema : textSchema(mediaType) }]),
        ),
      },
    ]),
  );
};

const errorResponses = (spec: AnyRouteSpec) => {
  const byStatus = new Map<number, string[]>();
  for (const code of documentedCodes(spec)) {
    const status = statusOfCode(code);
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), wireCodeOf(code)])]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      status,
      { description: `Error codes: ${codes.join(', ')}`, headers: requestIdHeader, content: { [jsonMediaType]: { schema: errorSchema } } },
    ]),
  );
};

const hasFields = (schema: JsonSchema): boolean => Object.keys(schema.properties ?? {}).length > 0;

export const openApiSchema = (spec: AnyRouteSpec) => ({
  operationId: operationIdOf(spec),
  summary: spec.summary,
  tags: [spec.tag],
  description: spec.access === 'public' ? `${spec.summary}. No key needed.` : `${spec.summary}. Roles: ${spec.access.join(', ')}.`,
  security: spec.access === 'public' ? [] : [{ bearer: [] }],
  ...(hasFields(spec.params.schema) ? { params: spec.params.schema } : {}),
  ...(hasFields(spec.query.schema) ? { querystring: spec.query.schema } : {}),
  ...(spec.body === noBody ? {} : { body: spec.body.schema }),
  response: { ...successResponses(spec), ...errorResponses(spec) },
});
