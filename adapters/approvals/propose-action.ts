// Proposing a guarded action: the one already awaiting for the same thing, or a new proposal
// (an incident's pinned at the store's head, proposal-input.ts) expiring after the TTL.
import { randomUUID } from 'node:crypto';
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { ApprovalId, type IssuerId } from '../../domain/approvals/approval-events.ts';
import { epochMsOf, instantFromEpochMs } from '../../domain/instant.ts';
import { KeyedMutex } from '../command-handling/keyed-mutex.ts';
import { type ApprovalContext, type ApprovalFailure, failureOf } from './approval-context.ts';
import { type ApprovalView, approvalView } from './approval-view.ts';
import { type ProposalInput, awaitingAlike, pinProposal } from './proposal-input.ts';

const hourMs = 3_600_000;

export type ProposeAction = (input: ProposalInput, proposedBy: IssuerId) => Promise<Either<ApprovalFailure, ApprovalView>>;

export const proposeAction = (context: ApprovalContext): ProposeAction => {
  const { deps, handle, now, states } = context;
  const newId = deps.newApprovalId ?? (() => `apr-${randomUUID()}`);
  // Proposals of this process one at a time: "the one already awaiting" is then exact here.
  const proposing = new KeyedMutex();
  return (input, proposedBy) =>
    proposing.run('propose', async () => {
      const at = now();
      const alike = awaitingAlike((await states()).values(), input, at);
      if (alike.kind === 'conflict') return left({ kind: 'idempotency_conflict', message: alike.message });
      if (alike.kind === 'found') return right(approvalView(alike.state, at));
      const proposal = await pinProposal(deps.store, input);
      if (isLeft(proposal)) return left({ kind: 'idempotency_conflict', message: proposal.left.message });
      const approvalId = ApprovalId.decode(newId());
      if (isLeft(approvalId)) throw new Error('approvals: a generated approval id is not a valid id');
      const expiresAt = instantFromEpochMs(epochMsOf(at) + deps.config.approvalTtlHours * hourMs);
      const outcome = await handle({ kind: 'ProposeAction', approvalId: approvalId.right, proposedBy, occurredAt: at, expiresAt, proposal: proposal.right }, proposedBy);
      if (isLeft(outcome)) return left(failureOf(outcome.left));
      const { state } = outcome.right;
      if (state.status === 'none') throw new Error('approvals: a proposal left no state');
      return right(approvalView(state, at));
    });
};
