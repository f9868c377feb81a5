// The OpenAPI document (/openapi.json) and a docs page (/docs), generated from the route specs'
// schemas. Fastify's schema machinery is reduced to documentation: io-ts validates (route-spec.ts)
// and answers are serialised with JSON.stringify, so a schema can never change an answer.
import type { FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { finishDocument } from './openapi-document.ts';

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
          'Event-sourced ledger for mobile wallets. Errors: `{"error":{"code","message","details?"}}`. ' +
          'Unknown body, query or path fields are refused (400 invalid_request). ' +
          'Read routes accept `waitFor=<position>` to see a write just answered (read-your-writes).',
        contact: { name: 'wallet-ledger maintainers' },
        // package.json says UNLICENSED: private, no licence granted. The link is where npm defines
        // that term (linters want a license URL and there is no licence text to point at).
        license: { name: 'UNLICENSED (private)', url: 'https://docs.npmjs.com/cli/v11/configuring-npm/package-json#license' },
      },
      // Where the document is served from; a deployment behind another address passes its own.
      servers: [
        {
          url: '{scheme}://{host}',
          description: 'a wallet-ledger server (`wallet-ledger serve` listens on localhost:8080 by default)',
          variables: { scheme: { default: 'http', enum: ['http', 'https'] }, host: { default: 'localhost:8080' } },
        },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transformObject: (documents) => ('openapiObject' in documents ? finishDocument(documents.openapiObject) : documents.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: openApiPaths.docs });
  app.get(openApiPaths.document, { schema: { hide: true } }, async () => app.swagger());
};

export const openApiPlugin = fastifyPlugin(openApiPluginBody, { name: 'ledger-openapi', fastify: '5.x' });
