// Starts a built fastify app on a free loopback port and answers its base URL (http://127.0.0.1:N),
// for tests that must go through a real socket rather than inject.
import type { FastifyInstance } from 'fastify';

export const listeningBase = async (app: FastifyInstance): Promise<string> => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
};
