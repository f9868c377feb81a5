// The approval decider as one value (emmett's shape), for the generic stream command handler.
import type { ApprovalCommand } from './approval-commands.ts';
import { type ApprovalEvent, approvalStreamId } from './approval-events.ts';
import type { ApprovalRejection } from './approval-rejections.ts';
import { type ApprovalState, evolveApproval, initialApprovalState } from './approval-state.ts';
import { decideApproval } from './decide-approval.ts';
import type { Decider } from '../decider.ts';

export const approvalDecider: Decider<ApprovalCommand, ApprovalEvent, ApprovalState, ApprovalRejection> = {
  decide: decideApproval,
  evolve: evolveApproval,
  initialState: initialApprovalState,
  streamIdOf: (command) => approvalStreamId(command.approvalId),
};
