// POST /v1/accounts/{accountId}/charges/{chargeId}/reversal: reverse one charge (finance).
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { guarded, proposalAnswer } from '../approval-answer.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { proposalAnswerSchema } from '../wire/approval-schema.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

export const reversalSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/charges/:chargeId/reversal',
  summary: 'Reverse a charge',
  tag: 'reversals',
  access: access.reversal,
  params: wireObject({ accountId: fields.accountId, chargeId: fields.chargeId }, {}),
  query: noFields,
  body: wireObject({ reason: fields.text, occurredAt: fields.instant }, { incidentId: fields.incidentId }),
  success: { 201: commandAnswerSchema(['chargeId'], true), 202: proposalAnswerSchema },
  errors: ['account_not_found', 'charge_not_found', 'charge_already_reversed', 'retries_exhausted', 'account_busy', 'store_unavailable'],
});

export const reversalsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, reversalSpec, async ({ params, body }, request) => {
    // Four eyes on `reversal` (LEDGER_FOUR_EYES): a proposal, 202.
    const approvals = guarded(deps.approvals, 'reversal');
    if (approvals !== undefined) return proposalAnswer(approvals, { action: 'reversal', request: { ...params, ...body } }, request);
    return runCommand(deps.commands, request, { kind: 'ReverseCharge', ...params, ...body }, 201, { chargeId: params.chargeId });
  });
};
