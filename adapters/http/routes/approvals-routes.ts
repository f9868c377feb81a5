// Four eyes: GET /v1/approvals, GET /v1/approvals/{approvalId} (every read role), and
// POST /v1/approvals/{approvalId}/approve and /reject (the role that may propose the action, or
// admin; never the proposer's own key).
import type { FastifyPluginAsync } from 'fastify';
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ApprovalId } from '../../../domain/approvals/approval-events.ts';
import type { Approvals } from '../../approvals/approvals-service.ts';
import type { ApprovalView } from '../../approvals/approval-view.ts';
import { access } from '../access.ts';
import { type ApiError, apiError, notFound } from '../api-error.ts';
import { actionAnswer, approvalFailureError, issuerOf } from '../approval-answer.ts';
import { callerOf } from '../plugins/auth-plugin.ts';
import { addRoute, defineRoute } from '../route-spec.ts';
import type { RouteDeps } from '../route-deps.ts';
import { approvalSchema, approvalStatuses, decidedSchema } from '../wire/approval-schema.ts';
import { fields } from '../wire/fields.ts';
import { pageLimitMax, queryFields } from '../wire/query-fields.ts';
import { noBody, noFields, wire, wireObject } from '../wire/wire.ts';

const approvalParams = wireObject({ approvalId: wire(ApprovalId, { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$', description: 'approval id' }) }, {});
const StatusCodec = t.keyof({ awaiting_approval: null, approved: null, rejected: null, expired: null });
const decisionBody = wireObject({ occurredAt: fields.instant }, { reason: fields.text });

export const approvalsListSpec = defineRoute({
  method: 'GET',
  url: '/v1/approvals',
  summary: `Four-eyes proposals, newest first, optionally of one status, at most limit (default and max ${pageLimitMax})`,
  tag: 'approvals',
  access: access.read,
  params: noFields,
  query: wireObject({}, { status: wire(StatusCodec, { type: 'string', enum: [...approvalStatuses] }), limit: queryFields.limit }),
  body: noBody,
  success: { 200: { type: 'object', required: ['approvals'], properties: { approvals: { type: 'array', items: approvalSchema } } } },
  errors: ['store_unavailable'],
});

export const approvalSpec = defineRoute({
  method: 'GET',
  url: '/v1/approvals/:approvalId',
  summary: 'One four-eyes proposal and its decision',
  tag: 'approvals',
  access: access.read,
  params: approvalParams,
  query: noFields,
  body: noBody,
  success: { 200: approvalSchema },
  errors: ['not_found', 'store_unavailable'],
});

const decisionErrors = ['not_found', 'approver_is_proposer', 'approval_decided', 'approval_expired', 'retries_exhausted', 'store_unavailable'] as const;

export const approveSpec = defineRoute({
  method: 'POST',
  url: '/v1/approvals/:approvalId/approve',
  summary: "Approve a proposal (not its proposer's key): runs the action and answers what the action answers, plus approvalId",
  tag: 'approvals',
  access: access.approvals,
  params: approvalParams,
  query: noFields,
  body: decisionBody,
  success: {
    201: { type: 'object', required: ['approvalId'], description: 'an incident run (its totals) or a reversal (the command answer)', properties: { approvalId: { type: 'string' } } },
    200: { type: 'object', required: ['approvalId'], description: 'a freeze or unfreeze (the command answer)', properties: { approvalId: { type: 'string' } } },
  },
  errors: [...decisionErrors, 'forbidden', 'idempotency_conflict', 'account_not_found', 'charge_not_found', 'charge_already_reversed', 'account_busy'],
});

export const rejectSpec = defineRoute({
  method: 'POST',
  url: '/v1/approvals/:approvalId/reject',
  summary: "Reject a proposal (not its proposer's key)",
  tag: 'approvals',
  access: access.approvals,
  params: approvalParams,
  query: noFields,
  body: decisionBody,
  success: { 200: decidedSchema },
  errors: [...decisionErrors, 'forbidden'],
});

// The role that may decide: the proposing role of the action, or admin.
const mayDecide = async (approvals: Approvals, approvalId: string, request: object): Promise<Either<ApiError, ApprovalView>> => {
  const view = await approvals.show(approvalId);
  if (view === undefined) return left(notFound(`No approval ${approvalId}.`));
  const role = callerOf(request)?.role;
  const allowed = view.action === 'freeze' || view.action === 'unfreeze' ? ['admin'] : ['finance', 'admin'];
  if (role === undefined || !allowed.includes(role)) {
    return left(apiError(403, 'forbidden', `The ${role ?? 'unknown'} role may not decide a ${view.action} proposal (allowed: ${allowed.join(', ')}).`));
  }
  return right(view);
};

export const approvalsRoutes: FastifyPluginAsync<RouteDeps> = async (app, deps) => {
  addRoute(app, approvalsListSpec, async ({ query }) => {
    return right({ status: 200, body: { approvals: await deps.approvals.list(query.status, query.limit ?? pageLimitMax) } });
  });
  addRoute(app, approvalSpec, async ({ params }) => {
    const view = await deps.approvals.show(params.approvalId);
    return view === undefined ? left(notFound(`No approval ${params.approvalId}.`)) : right({ status: 200, body: view });
  });
  addRoute(app, approveSpec, async ({ params, body }, request) => {
    const approvals = deps.approvals;
    const allowed = await mayDecide(approvals, params.approvalId, request);
    if (isLeft(allowed)) return allowed;
    const approved = await approvals.approve({ approvalId: params.approvalId, by: issuerOf(request), ...body });
    if (isLeft(approved)) return left(approvalFailureError(approved.left));
    return actionAnswer(params.approvalId, approved.right.outcome);
  });
  addRoute(app, rejectSpec, async ({ params, body }, request) => {
    const approvals = deps.approvals;
    const allowed = await mayDecide(approvals, params.approvalId, request);
    if (isLeft(allowed)) return allowed;
    const rejected = await approvals.reject({ approvalId: params.approvalId, by: issuerOf(request), ...body });
    if (isLeft(rejected)) return left(approvalFailureError(rejected.left));
    return right({ status: 200, body: { approvalId: rejected.right.approvalId, status: 'rejected' } });
  });
};
