// A route is declared once as data: method, url, who may call it, the wire types of its params,
// query and body, its success shapes and the error codes it can answer. The same declaration
// decodes the request (io-ts) and documents it (OpenAPI): the two cannot drift apart.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Either, isLeft } from 'fp-ts/lib/Either.js';
import { type ApiError, decodingFailure, errorBody } from './api-error.ts';
import type { Role } from './api-keys.ts';
import type { ErrorCode } from './error-catalogue.ts';
import { openApiSchema } from './openapi-operation.ts';
import type { JsonSchema } from './wire/json-schema.ts';
import type { Wire } from './wire/wire.ts';

export type Access = 'public' | ReadonlyArray<Role>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export type RouteSpec<P, Q, B> = Readonly<{
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  access: Access;
  params: Wire<P>;
  query: Wire<Q>;
  body: Wire<B>;
  success: Readonly<Record<number, JsonSchema>>;
  errors: ReadonlyArray<ErrorCode>;
  // The media types of the success answer, preferred first (default: JSON only). The handler
  // chooses with negotiatedMediaType (media-type.ts); the document lists them all.
  mediaTypes?: ReadonlyArray<string>;
}>;

export type AnyRouteSpec = RouteSpec<unknown, unknown, unknown>;
export type Input<P, Q, B> = Readonly<{ params: P; query: Q; body: B }>;
export type Answer = Readonly<{ status: number; body: unknown; contentType?: string }>;
export type RouteHandler<P, Q, B> = (input: Input<P, Q, B>, request: FastifyRequest) => Promise<Either<ApiError, Answer>>;

export const sendError = (reply: FastifyReply, error: ApiError): FastifyReply =>
  reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error));

const decodeInput = <P, Q, B>(spec: RouteSpec<P, Q, B>, request: FastifyRequest): Either<ApiError, Input<P, Q, B>> => {
  const params = spec.params.codec.decode(request.params ?? {});
  if (isLeft(params)) return { _tag: 'Left', left: decodingFailure('params', params.left) };
  const query = spec.query.codec.decode(request.query ?? {});
  if (isLeft(query)) return { _tag: 'Left', left: decodingFailure('query', query.left) };
  const body = spec.body.codec.decode(request.body);
  if (isLeft(body)) return { _tag: 'Left', left: decodingFailure('body', body.left) };
  return { _tag: 'Right', right: { params: params.right, query: query.right, body: body.right } };
};

// Registers the route. Fastify's schema machinery only documents here: buildApp installs a
// validator compiler that accepts everything and a serializer that is JSON.stringify.
export const addRoute = <P, Q, B>(app: FastifyInstance, spec: RouteSpec<P, Q, B>, handle: RouteHandler<P, Q, B>): void => {
  app.route({
    method: spec.method,
    url: spec.url,
    schema: openApiSchema(spec),
    config: { access: spec.access },
    handler: async (request, reply) => {
      const input = decodeInput(spec, request);
      const outcome = isLeft(input) ? input : await handle(input.right, request);
      if (isLeft(outcome)) return sendError(reply, outcome.left);
      const { status, body, contentType } = outcome.right;
      reply.code(status).type(contentType ?? 'application/json; charset=utf-8');
      return reply.send(typeof body === 'string' ? body : JSON.stringify(body));
    },
  });
};

// Keeps the wire types of a spec precise for addRoute while checking it against RouteSpec.
export const defineRoute = <P, Q, B>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> => spec;
