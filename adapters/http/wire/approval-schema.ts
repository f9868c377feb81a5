// The JSON Schema of a four-eyes proposal as the API shows it (adapters/approvals/approval-view.ts).
import type { JsonSchema } from './json-schema.ts';

export const approvalStatuses = ['awaiting_approval', 'approved', 'rejected', 'expired'] as const;
const text: JsonSchema = { type: 'string' };

export const approvalSchema: JsonSchema = {
  type: 'object',
  required: ['approvalId', 'action', 'status', 'proposedBy', 'proposedAt', 'expiresAt', 'request'],
  properties: {
    approvalId: text,
    action: { type: 'string', enum: ['incidents', 'reversal', 'freeze', 'unfreeze'] },
    status: { type: 'string', enum: [...approvalStatuses] },
    proposedBy: { type: 'string', description: "the proposer's key id" },
    proposedAt: text,
    expiresAt: { type: 'string', description: 'after this (LEDGER_APPROVAL_TTL_HOURS), the proposal can no longer be decided' },
    request: { type: 'object', description: 'what the guarded request asked (its body, and the path ids)' },
    charges: { type: 'integer', description: "incidents: the dry run's count as known at the proposal" },
    accounts: { type: 'integer' },
    total: { type: 'object', additionalProperties: { type: 'string' }, description: 'amount per currency' },
    selectionKnownBefore: { type: 'string', description: 'incidents: the store position the selection is pinned at' },
    decidedBy: text,
    decidedAt: text,
    reason: text,
    executed: {
      type: 'object',
      required: ['outcome', 'recordedAt'],
      properties: { outcome: { type: 'string', enum: ['succeeded', 'refused'] }, refusal: text, recordedAt: text },
    },
  },
};

export const decidedSchema: JsonSchema = {
  type: 'object',
  required: ['approvalId', 'status'],
  properties: { approvalId: text, status: { type: 'string', enum: ['rejected'] } },
};

export const proposalAnswerSchema: JsonSchema = { ...approvalSchema, description: 'four eyes: the proposal, awaiting a second person' };
