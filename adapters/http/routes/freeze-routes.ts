// POST /v1/accounts/{accountId}/freeze and /unfreeze (admin). Fraud rules freeze through the
// command path directly (system:), never through here: they need no approval.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../access.ts';
import { guarded, proposalAnswer } from '../approval-answer.ts';
import { commandAnswerSchema, runCommand } from '../command-answer.ts';
import { proposalAnswerSchema } from '../wire/approval-schema.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { fields } from '../wire/fields.ts';
import { noFields, wireObject } from '../wire/wire.ts';

const accountParams = wireObject({ accountId: fields.accountId }, {});
const errors = ['account_not_found', 'retries_exhausted', 'account_busy', 'store_unavailable'] as const;

export const freezeSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/freeze',
  summary: 'Freeze an account (no top-ups or charges until unfrozen)',
  tag: 'freeze',
  access: access.freeze,
  params: accountParams,
  query: noFields,
  // `alertId` (extension): the fraud alert that motivated the freeze.
  body: wireObject({ reason: fields.text, occurredAt: fields.instant }, { alertId: fields.alertId }),
  success: { 200: commandAnswerSchema(), 202: proposalAnswerSchema },
  errors,
});

export const unfreezeSpec = defineRoute({
  method: 'POST',
  url: '/v1/accounts/:accountId/unfreeze',
  summary: 'Unfreeze an account',
  tag: 'freeze',
  access: access.freeze,
  params: accountParams,
  query: noFields,
  body: wireObject({ reason: fields.text, occurredAt: fields.instant }, {}),
  success: { 200: commandAnswerSchema(), 202: proposalAnswerSchema },
  errors,
});

// Four eyes on `freeze` (LEDGER_FOUR_EYES): both answer 202 with a proposal instead.
export const freezeRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, freezeSpec, async ({ params, body }, request) => {
    const approvals = guarded(deps.approvals, 'freeze');
    if (approvals !== undefined) return proposalAnswer(approvals, { action: 'freeze', request: { ...params, ...body } }, request);
    return runCommand(deps.commands, request, { kind: 'FreezeAccount', ...params, ...body }, 200);
  });
  addRoute(app, unfreezeSpec, async ({ params, body }, request) => {
    const approvals = guarded(deps.approvals, 'freeze');
    if (approvals !== undefined) return proposalAnswer(approvals, { action: 'unfreeze', request: { ...params, ...body } }, request);
    return runCommand(deps.commands, request, { kind: 'UnfreezeAccount', ...params, ...body }, 200);
  });
};
