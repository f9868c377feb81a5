// Bearer-key authentication and role checks, before any body is read: a request refused for its
// caller costs no parsing and appends nothing. Routes declare who may call them (config.access);
// unmatched URLs carry no access and fall through to the 404 handler.
import type { FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { apiError } from '../api-error.ts';
import type { Caller, KeyRing } from '../api-keys.ts';
import { sendError } from '../route-spec.ts';

const bearerPattern = /^Bearer +(\S{1,512}) *$/i;

// The authenticated caller of each request, for routes that record who asked (issuedBy).
const callers = new WeakMap<object, Caller>();
export const callerOf = (request: object): Caller | undefined => callers.get(request);

const authPluginBody: FastifyPluginAsync<{ keys: KeyRing }> = async (app, { keys }) => {
  // Callback style (no promise per request). Answering from the hook means not calling done().
  app.addHook('onRequest', (request, reply, done) => {
    const routeAccess = request.routeOptions.config.access;
    if (routeAccess === undefined || routeAccess === 'public') return done();
    const presented = bearerPattern.exec(request.headers.authorization ?? '')?.[1];
    const caller = presented === undefined ? undefined : keys.callerOf(presented);
    if (caller === undefined) {
      reply.header('www-authenticate', 'Bearer');
      sendError(reply, apiError(401, 'unauthenticated', 'A valid API key is required: Authorization: Bearer <key>.'));
      return;
    }
    if (!routeAccess.includes(caller.role)) {
      sendError(reply, apiError(403, 'forbidden', `The ${caller.role} role may not call this route (allowed: ${routeAccess.join(', ')}).`));
      return;
    }
    callers.set(request, caller);
    done();
  });
};

export const authPlugin = fastifyPlugin(authPluginBody, { name: 'ledger-auth', fastify: '5.x' });
