// Every answer of every app the HTTP tests build with testApp is recorded, and when the test file
// ends each is checked against the app's own OpenAPI document (openapi-conformance.ts): the existing
// end-to-end flows, with all their statuses, media types and errors, are the traffic a validating
// gateway would see. Answers that reached no route (404 for an unknown URL) are left out.
import type { FastifyInstance } from 'fastify';
import { afterAll, expect } from 'vitest';
import { routeSpecs } from '../../../../adapters/http/routes/resource-plugins.ts';
import { type Answer, conformanceOf } from './openapi-conformance.ts';

// The routes of the route specs; the rest (/openapi.json, /docs, /console's files) are not API
// (openapi-drift.unit.test.ts checks that every other registered route is documented).
const documented = new Set(routeSpecs.map((spec) => `${spec.method} ${spec.url}`));
const answers: Answer[] = [];
let document: Promise<unknown> | undefined;

export const recordAnswers = (app: FastifyInstance): void => {
  app.addHook('onSend', (request, reply, payload, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && documented.has(`${request.method} ${route}`)) {
      document ??= Promise.resolve(app.swagger());
      answers.push({
        method: request.method,
        route,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body: typeof payload === 'string' ? payload : '',
      });
    }
    done(null, payload);
  });
};

afterAll(async () => {
  if (document === undefined) return;
  const conforms = await conformanceOf(await document);
  const problems = [...new Set(answers.flatMap(conforms))];
  expect(problems, `${answers.length} answers checked against the OpenAPI document`).toEqual([]);
});
