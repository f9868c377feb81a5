// GET /console/: the auditor and finance console, static files built by Vite (adapters/console/)
// into dist/console. The page holds no data: it reads the public API with the user's own key, so
// its files need no key. Served under a strict Content-Security-Policy: scripts, styles and
// connections from this origin only, nothing inline, never framed.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { apiError } from '../api-error.ts';
import { sendError } from '../route-spec.ts';

export const consolePrefix = '/console/';
export const consoleDirectoryDefault = resolve(import.meta.dirname, '../../../dist/console');

export const consoleContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': consoleContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export const consolePlugin: FastifyPluginAsync<{ directory: string }> = async (app, { directory }) => {
  // Encapsulated (no fastify-plugin): these headers go on the console's answers only.
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
    done(null, payload);
  });
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect(consolePrefix, 302));
  if (!existsSync(join(directory, 'index.html'))) {
    // A clone whose install skipped the build (e.g. npm ci --omit=dev) still serves the API.
    app.get(`${consolePrefix}*`, { schema: { hide: true } }, async (_request, reply) =>
      sendError(reply, apiError(503, 'not_available', 'The console is not built: run npm install (or npm run build:console).')),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: directory,
    prefix: consolePrefix,
    decorateReply: false,
    index: ['index.html'],
    wildcard: true,
    cacheControl: false,
    // Vite names assets by content hash: they never change; the page itself is always revalidated.
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
