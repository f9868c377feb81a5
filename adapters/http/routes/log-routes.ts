// GET /v1/log/...: the verifiable log (contract: "Verifiable log"): the latest signed checkpoint,
// any earlier one by size, the verifier key, inclusion and consistency proofs. Sizes past the
// latest checkpoint, indices past the tree, and anything not a small decimal are 400.
import type { FastifyPluginAsync } from 'fastify';
import { type Either, left, right } from 'fp-ts/lib/Either.js';
import { access } from '../access.ts';
import { type ApiError, apiError, invalidRequest } from '../api-error.ts';
import type { LogQueries } from '../app-deps.ts';
import { type Answer, addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { logCount } from '../wire/log-fields.ts';
import { noBody, noFields, wireObject } from '../wire/wire.ts';

const note = 'text/plain; charset=utf-8';
const hashes = { type: 'array', items: { type: 'string', description: 'base64 SHA-256 node hash' } } as const;
const common = { tag: 'verifiable log', access: access.log, body: noBody } as const;

export const checkpointSpec = defineRoute({
  ...common, method: 'GET', url: '/v1/log/checkpoint', summary: 'The latest signed checkpoint (C2SP tlog-checkpoint signed note, text/plain)',
  params: noFields, query: noFields, success: { 200: { type: 'string' } }, errors: ['not_found', 'not_available'], produces: [note],
});

export const checkpointAtSpec = defineRoute({
  ...common, method: 'GET', url: '/v1/log/checkpoints/:treeSize', summary: 'The checkpoint signed at exactly this tree size (text/plain)',
  params: wireObject({ treeSize: logCount('tree size') }, {}), query: noFields, success: { 200: { type: 'string' } },
  errors: ['not_found', 'not_available'], produces: [note],
});

export const logKeySpec = defineRoute({
  ...common, method: 'GET', url: '/v1/log/key', summary: "The log's origin and verifier key (Go sumdb/note format)",
  params: noFields, query: noFields,
  success: { 200: { type: 'object', required: ['origin', 'keyName', 'verifierKey'], properties: { origin: { type: 'string' }, keyName: { type: 'string' }, verifierKey: { type: 'string' } } } },
  errors: ['not_available'],
});

export const inclusionSpec = defineRoute({
  ...common, method: 'GET', url: '/v1/log/proofs/inclusion', summary: 'RFC 6962 audit path of leaf logIndex in the tree of treeSize (0 <= logIndex < treeSize <= latest checkpoint)',
  params: noFields, query: wireObject({ logIndex: logCount('leaf index'), treeSize: logCount('tree size') }, {}),
  success: { 200: { type: 'object', required: ['logIndex', 'treeSize', 'hashes'], properties: { logIndex: { type: 'integer' }, treeSize: { type: 'integer' }, hashes } } },
  errors: ['not_available'],
});

export const consistencySpec = defineRoute({
  ...common, method: 'GET', url: '/v1/log/proofs/consistency', summary: 'RFC 6962 consistency proof from tree size `from` to `to` (1 <= from <= to <= latest checkpoint)',
  params: noFields, query: wireObject({ from: logCount('earlier tree size'), to: logCount('later tree size') }, {}),
  success: { 200: { type: 'object', required: ['from', 'to', 'hashes'], properties: { from: { type: 'integer' }, to: { type: 'integer' }, hashes } } },
  errors: ['not_available'],
});

const notAvailable = apiError(503, 'not_available', 'This ledger keeps no verifiable log (not built for its store).');
const withLog = (log: LogQueries | undefined, answer: (log: LogQueries) => Either<ApiError, Answer>): Promise<Either<ApiError, Answer>> =>
  Promise.resolve(log === undefined ? left(notAvailable) : answer(log));
const latestSize = (log: LogQueries): number => log.latest()?.treeSize ?? 0;
const base64 = (list: ReadonlyArray<Buffer>): string[] => list.map((hash) => hash.toString('base64'));

export const logRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, checkpointSpec, () => withLog(deps.log, (log) => {
    const latest = log.latest();
    return latest === undefined ? left(apiError(404, 'not_found', 'No checkpoint has been signed yet.')) : right({ status: 200, body: latest.note, contentType: note });
  }));
  addRoute(app, checkpointAtSpec, ({ params }) => withLog(deps.log, (log) => {
    const found = log.checkpointAt(params.treeSize);
    return found === undefined ? left(apiError(404, 'not_found', `No checkpoint was signed at tree size ${params.treeSize}.`)) : right({ status: 200, body: found.note, contentType: note });
  }));
  addRoute(app, logKeySpec, () => withLog(deps.log, (log) => right({ status: 200, body: { origin: log.origin, keyName: log.origin, verifierKey: log.verifierKey } })));
  addRoute(app, inclusionSpec, ({ query }) => withLog(deps.log, (log) => {
    const { logIndex, treeSize } = query;
    if (!(logIndex < treeSize && treeSize <= latestSize(log))) {
      return left(invalidRequest(`Need 0 <= logIndex < treeSize <= ${latestSize(log)} (the latest checkpoint's size).`, [{ field: 'query', rule: 'need 0 <= logIndex < treeSize <= the latest checkpoint\'s size' }]));
    }
    return right({ status: 200, body: { logIndex, treeSize, hashes: base64(log.inclusion(logIndex, treeSize)) } });
  }));
  addRoute(app, consistencySpec, ({ query }) => withLog(deps.log, (log) => {
    const { from, to } = query;
    if (!(from >= 1 && from <= to && to <= latestSize(log))) {
      return left(invalidRequest(`Need 1 <= from <= to <= ${latestSize(log)} (the latest checkpoint's size).`, [{ field: 'query', rule: 'need 1 <= from <= to <= the latest checkpoint\'s size' }]));
    }
    return right({ status: 200, body: { from, to, hashes: base64(log.consistency(from, to)) } });
  }));
};
