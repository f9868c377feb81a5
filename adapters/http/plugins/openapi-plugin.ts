// The OpenAPI document (/openapi.json) and a docs page (/docs), generated from the route specs'
// schemas. Fastify's schema machinery is reduced to documentation: io-ts validates (route-spec.ts)
// and answers are serialised with JSON.stringify, so a schema can never change an answer.
import type { FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export const openApiPaths = { document: '/openapi.json', docs: '/docs' } as const;

const openApiPluginBody: FastifyPluginAsync<{ version: string }> = async (app, { version }) => {
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'wallet-ledger HTTP API',
        version,
        description:
          'Event-sourced ledger for mobile wallets. Errors: {"error":{"code","message","details?"}}. ' +
          'Unknown body, query or path fields are refused (400 invalid_request). ' +
          'Read routes accept waitFor=<position> to see a write just answered (read-your-writes).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: openApiPaths.docs });
  app.get(openApiPaths.document, { schema: { hide: true } }, async () => app.swagger());
};

export const openApiPlugin = fastifyPlugin(openApiPluginBody, { name: 'ledger-openapi', fastify: '5.x' });
