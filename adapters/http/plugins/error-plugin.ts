// Every answer that is not a success has the contract's shape, whatever produced it: fastify's
// own errors (bad JSON, wrong content type, too large), unknown routes, thrown store errors.
// Input alone never yields a 5xx: the only 5xx are the store's (503) and bugs (500, logged).
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { StoreCorruptedError, StoreUnavailableError } from '../../../domain/ports/event-store.ts';
import { type ApiError, apiError, invalidRequest } from '../api-error.ts';
import { sendError } from '../route-spec.ts';
import { DuplicateJsonKeyError, JsonTooDeepError } from './strict-json.ts';

const isFastifyError = (error: unknown): error is FastifyError =>
  error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number';

export const errorOf = (error: unknown): ApiError => {
  if (error instanceof DuplicateJsonKeyError || error instanceof JsonTooDeepError) return invalidRequest(error.message, [{ field: 'body', rule: error.message }]);
  if (error instanceof StoreUnavailableError) return apiError(503, 'store_unavailable', 'The event store is unavailable. Retry later.');
  if (error instanceof StoreCorruptedError) return apiError(500, 'internal_error', 'The ledger found a corrupted event; operators have been alerted.');
  if (isFastifyError(error)) {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return apiError(413, 'payload_too_large', 'The request body is larger than 1 MiB.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return apiError(415, 'unsupported_media_type', 'Send JSON with content-type: application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return invalidRequest('The body is empty; send a JSON object.', [{ field: 'body', rule: 'a JSON object' }]);
      default: {
        const status = error.statusCode ?? 500;
        // JSON syntax errors, __proto__ keys, bad content-length: all the request's form.
        if (status >= 400 && status < 500) {
          return invalidRequest('The request is malformed (the body must be valid JSON without __proto__ or constructor keys).', [
            { field: 'body', rule: 'valid JSON without __proto__ or constructor keys' },
          ]);
        }
      }
    }
  }
  return apiError(500, 'internal_error', 'An internal error occurred; it has been logged.');
};

const errorPluginBody: FastifyPluginAsync = async (app) => {
  app.setErrorHandler(async (error, request, reply) => {
    const answer = errorOf(error);
    // Logged without the body: the message names the problem, never the payload.
    if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: answer.code }, 'request refused');
    return sendError(reply, answer);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(reply, apiError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}.`)),
  );
};

export const errorPlugin = fastifyPlugin(errorPluginBody, { name: 'ledger-errors', fastify: '5.x' });
