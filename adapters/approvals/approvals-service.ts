// Four eyes (LEDGER_FOUR_EYES): a guarded action is recorded as a proposal; a second person
// approves (the action then runs, adapters/processes/approved-actions.ts) or rejects it, before it
// expires (LEDGER_APPROVAL_TTL_HOURS, by the ledger's clock). Every step is an event of the
// approval's stream, appended through the stream command handler with the caller's key id.
import { type Either, isLeft } from 'fp-ts/lib/Either.js';
import type { IssuerId } from '../../domain/approvals/approval-events.ts';
import { type ApprovalFailure, type ApprovalsDeps, type FourEyesConfig, approvalContext, fourEyesIssuer } from './approval-context.ts';
import { type ApprovalView, approvalView } from './approval-view.ts';
import { type Approved, type Decision, decideProposal } from './decide-proposal.ts';
import { proposeAction } from './propose-action.ts';
import type { ProposalInput } from './proposal-input.ts';

export { type ApprovalFailure, type ApprovalsDeps, type FourEyesConfig, type GuardedAction, guardedActions } from './approval-context.ts';
export type { Decision } from './decide-proposal.ts';

export const approvalTtlHoursDefault = 72;
// LEDGER_FOUR_EYES unset: nothing is guarded (the v1 answers); proposals already made can still be decided.
export const fourEyesOff: FourEyesConfig = { guarded: new Set(), approvalTtlHours: approvalTtlHoursDefault };

export type Approvals = Readonly<{
  config: FourEyesConfig;
  // The proposal (or the one already awaiting for the same thing).
  propose: (input: ProposalInput, proposedBy: IssuerId) => Promise<Either<ApprovalFailure, ApprovalView>>;
  // undefined: no such approval.
  show: (approvalId: string) => Promise<ApprovalView | undefined>;
  list: (status: ApprovalView['status'] | undefined, limit: number) => Promise<ReadonlyArray<ApprovalView>>;
  approve: (decision: Decision) => Promise<Either<ApprovalFailure, Approved>>;
  reject: (decision: Decision) => Promise<Either<ApprovalFailure, ApprovalView>>;
  // At start: records the expiry of proposals past due and runs approved actions not finished.
  resume: () => Promise<Readonly<{ expired: number; resumed: number }>>;
}>;

const newestFirst = (a: ApprovalView, b: ApprovalView): number => (a.proposedAt < b.proposedAt ? 1 : a.proposedAt > b.proposedAt ? -1 : 0);

export const createApprovals = (deps: ApprovalsDeps): Approvals => {
  const context = approvalContext(deps);
  const { handle, actions, now, stateOf, states: approvalStates } = context;
  const show: Approvals['show'] = async (approvalId) => {
    const state = await stateOf(approvalId);
    return state === undefined ? undefined : approvalView(state, now());
  };
  const list: Approvals['list'] = async (status, limit) => {
    const at = now();
    const views: ApprovalView[] = [];
    for (const state of (await approvalStates()).values()) {
      if (state.status === 'none') continue;
      const view = approvalView(state, at);
      if (status === undefined || view.status === status) views.push(view);
    }
    return views.sort(newestFirst).slice(0, limit);
  };
  const resume: Approvals['resume'] = async () => {
    const states = await approvalStates();
    const at = now();
    let expired = 0;
    for (const state of states.values()) {
      if (state.status !== 'awaiting_approval' || at < state.proposed.expiresAt) continue;
      const outcome = await handle({ kind: 'ExpireProposal', approvalId: state.proposed.approvalId, ledgerTime: at }, fourEyesIssuer);
      if (!isLeft(outcome) && outcome.right.appended.length > 0) expired += 1;
    }
    return { expired, resumed: await actions.resume(states.values()) };
  };
  return { config: deps.config, propose: proposeAction(context), show, list, ...decideProposal(context), resume };
};
