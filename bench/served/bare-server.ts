// The baseline server, run as its own process: bare fastify with one route that decodes the same
// params and body with the ledger's own io-ts codecs and answers 201 without appending anything.
// Logging off: it is the floor a validated JSON route costs on this machine.
import Fastify from 'fastify';
import { isLeft } from 'fp-ts/lib/Either.js';
import { chargeBody } from '../../adapters/http/routes/charges-routes.ts';
import { fields } from '../../adapters/http/wire/fields.ts';
import { wireObject } from '../../adapters/http/wire/wire.ts';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
const params = wireObject({ accountId: fields.accountId }, {});
app.post('/v1/accounts/:accountId/charges', async (request, reply) => {
  const decodedParams = params.codec.decode(request.params);
  const decodedBody = chargeBody.codec.decode(request.body);
  if (isLeft(decodedParams) || isLeft(decodedBody)) return reply.code(400).send({ error: { code: 'invalid_request', message: 'invalid' } });
  return reply.code(201).send({ accountId: decodedParams.right.accountId, chargeId: decodedBody.right.chargeId });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (typeof address !== 'object' || address === null) throw new Error('not listening');
process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
