// POST /v1/incidents: select the charges of an incident across all accounts and reverse them.
import type { FastifyPluginAsync } from 'fastify';
import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import { access } from '../access.ts';
import * as t from 'io-ts';
import { IncidentRunCodec, criteriaListLengthMax } from '../../../domain/incidents/incident-criteria.ts';
import { IncidentRequestCodec } from '../../../domain/incidents/incident-request.ts';
import { decodeCursor, reviewPageSizeMax } from '../../../projections/incidents/incident-review.ts';
import { callerOf } from '../plugins/auth-plugin.ts';
import { guarded, proposalAnswer } from '../approval-answer.ts';
import { proposalAnswerSchema } from '../wire/approval-schema.ts';
import { apiError, invalidRequest } from '../api-error.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireArray, wireObject } from '../wire/wire.ts';

export const criteriaItemsMax = criteriaListLengthMax;

// The wire schema below documents and decodes the body; the domain's codec is the request itself.
// A body the schema passed that the codec refuses is a bug in one of them: loud, not a 400.
const decodedAgain = <A>(codec: t.Decoder<unknown, A>, body: unknown): A => {
  const decoded = codec.decode(body);
  if (isLeft(decoded)) throw new Error(`incidents: a decoded body failed the domain's ${codec.name}`);
  return decoded.right;
};

const incidentBody = wireObject(
  {
    incidentId: fields.incidentId,
    description: fields.text,
    window: wireObject({ from: fields.instant, to: fields.instant }, {}, 'from <= occurredAt < to; from must be before to'),
    criteria: wireObject(
      {},
      {
        deviceIds: wireArray(fields.deviceId, criteriaItemsMax),
        devicesRegisteredInWindow: fields.boolean,
        countries: wireArray(fields.country, criteriaItemsMax),
        accountIds: wireArray(fields.accountId, criteriaItemsMax),
      },
      'a charge is selected when it matches ALL given criteria',
    ),
  },
  { dryRun: fields.boolean, occurredAt: fields.instant, after: fields.text },
);

const text = { type: 'string' } as const;

const report = {
  type: 'object',
  required: ['incidentId', 'charges', 'accounts', 'total', 'dryRun'],
  properties: {
    incidentId: { type: 'string' },
    charges: { type: 'integer' },
    accounts: { type: 'integer' },
    total: { type: 'object', additionalProperties: { type: 'string' }, description: 'amount per currency' },
    dryRun: { type: 'boolean' },
    selected: {
      type: 'array',
      description: `dry run only: the selected charges, by accountId then occurredAt, at most ${reviewPageSizeMax} (the totals cover all)`,
      items: {
        type: 'object',
        required: ['accountId', 'chargeId', 'amount', 'currency', 'occurredAt', 'deviceId'],
        properties: { accountId: text, chargeId: text, amount: text, currency: text, occurredAt: text, deviceId: text },
      },
    },
    selectedNext: { type: 'string', nullable: true, description: 'dry run only: pass as `after` (with dryRun: true) for the next page; null at the end' },
  },
} as const;

export const incidentSpec = defineRoute({
  method: 'POST',
  url: '/v1/incidents',
  summary: 'Run (or dry-run) an incident: reverse every matching charge across all accounts, once',
  tag: 'incidents',
  access: access.incidents,
  params: noFields,
  query: noFields,
  body: incidentBody,
  success: { 201: report, 200: { ...report, description: 'dry run' }, 202: proposalAnswerSchema },
  errors: ['idempotency_conflict', 'not_available', 'store_unavailable'],
});

export const incidentsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, incidentSpec, async ({ body }, request) => {
    if (deps.incidents === undefined) return left(apiError(503, 'not_available', 'Incidents are not available in this deployment.'));
    if (body.window.from >= body.window.to) {
      return left(invalidRequest('The body is not valid: window.from must be before window.to.', [{ field: 'body.window', rule: 'from must be before to' }]));
    }
    const dryRun = body.dryRun ?? false;
    if (body.after !== undefined && (!dryRun || decodeCursor(body.after) === undefined)) {
      return left(invalidRequest('The body is not valid: after must be a selectedNext cursor of a dry run.', [{ field: 'body.after', rule: 'a selectedNext cursor of a dry run' }]));
    }
    // Four eyes on `incidents` (LEDGER_FOUR_EYES): a real run is a proposal, pinned at the store's
    // head (adapters/approvals/proposal-input.ts); dry runs are not guarded.
    // The body decoded already; the domain's codecs give its exact types (the run's drops dryRun).
    const approvals = guarded(deps.approvals, 'incidents');
    if (!dryRun && approvals !== undefined) {
      return proposalAnswer(approvals, { action: 'incidents', request: decodedAgain(IncidentRunCodec, body) }, request);
    }
    // No default occurredAt here: the declaration takes "now" once, and a re-run without one is the
    // same incident (the contract's identity), answering the same totals.
    const outcome = await deps.incidents.run(decodedAgain(IncidentRequestCodec, { ...body, dryRun }), callerOf(request)?.keyId);
    if (isLeft(outcome)) return left(apiError(409, outcome.left.code, outcome.left.message));
    return right({ status: dryRun ? 200 : 201, body: outcome.right });
  });
};
