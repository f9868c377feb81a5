// Four eyes (LEDGER_FOUR_EYES): a guarded action is recorded as a proposal; a second person
// approves (the action then runs, adapters/processes/approved-actions.ts) or rejects it, before it
// expires (LEDGER_APPROVAL_TTL_HOURS, by the ledger's clock). Every step is an event of the
// approval's stream, appended through the stream command handler with the caller's key id.
import { randomUUID } from 'node:crypto';
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import { ApprovalEventCodec, ApprovalId, type Proposal } from '../../domain/approvals/approval-events.ts';
import type { ApprovalRejection } from '../../domain/approvals/approval-rejections.ts';
import type { ApprovalState } from '../../domain/approvals/approval-state.ts';
import { approvalDecider } from '../../domain/approvals/approval-decider.ts';
import type { IssuerId } from '../../domain/approvals/approval-events.ts';
import type { Text } from '../../domain/ids.ts';
import { type Instant, epochMsOf, instantFromEpochMs } from '../../domain/instant.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { KeyedMutex } from '../command-handling/keyed-mutex.ts';
import { createStreamCommandHandler } from '../command-handling/stream-command-handler.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import { type ActionOutcome, createApprovedActions } from '../processes/approved-actions.ts';
import type { IncidentProgress } from '../incidents/run-incident.ts';
import { type ApprovalView, approvalView } from './approval-view.ts';
import { approvalStates, foldApprovalStream } from './approval-states.ts';
import { approvalStreamId } from '../../domain/approvals/approval-events.ts';
import { type ProposalInput, awaitingAlike, pinProposal } from './proposal-input.ts';

export const guardedActions = ['incidents', 'freeze', 'reversal'] as const;
export type GuardedAction = (typeof guardedActions)[number];
export type FourEyesConfig = Readonly<{ guarded: ReadonlySet<GuardedAction>; approvalTtlHours: number }>;
export const approvalTtlHoursDefault = 72;
// LEDGER_FOUR_EYES unset: nothing is guarded (the v1 answers); proposals already made can still be decided.
export const fourEyesOff: FourEyesConfig = { guarded: new Set(), approvalTtlHours: approvalTtlHoursDefault };

export type ApprovalFailure =
  | Readonly<{ kind: 'rejected'; rejection: ApprovalRejection }>
  | Readonly<{ kind: 'retries_exhausted'; attempts: number }>
  // Not even a well-formed approval id.
  | Readonly<{ kind: 'not_found' }>
  // An incident proposal whose id is already another incident's (409 idempotency_conflict).
  | Readonly<{ kind: 'idempotency_conflict'; message: string }>;

export type Decision = Readonly<{ approvalId: string; by: IssuerId; occurredAt: Instant; reason?: Text }>;

export type Approvals = Readonly<{
  config: FourEyesConfig;
  // The proposal (or the one already awaiting for the same thing).
  propose: (input: ProposalInput, proposedBy: IssuerId) => Promise<Either<ApprovalFailure, ApprovalView>>;
  // undefined: no such approval.
  show: (approvalId: string) => Promise<ApprovalView | undefined>;
  list: (status: ApprovalView['status'] | undefined, limit: number) => Promise<ReadonlyArray<ApprovalView>>;
  approve: (decision: Decision) => Promise<Either<ApprovalFailure, Readonly<{ view: ApprovalView; outcome: ActionOutcome }>>>;
  reject: (decision: Decision) => Promise<Either<ApprovalFailure, ApprovalView>>;
  // At start: records the expiry of proposals past due and runs approved actions not finished.
  resume: () => Promise<Readonly<{ expired: number; resumed: number }>>;
}>;

export type ApprovalsDeps = Readonly<{
  store: EventStore;
  commands: CommandHandler;
  clock: Clock;
  config: FourEyesConfig;
  newApprovalId?: () => string;
  onProgress?: (approvalId: string, progress: IncidentProgress) => void;
}>;

const issuer = 'system:four-eyes';
const hourMs = 3_600_000;

export const createApprovals = (deps: ApprovalsDeps): Approvals => {
  const handle = createStreamCommandHandler(deps.store, approvalDecider, ApprovalEventCodec);
  const actions = createApprovedActions({ store: deps.store, commands: deps.commands, approvals: handle, clock: deps.clock, ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }) });
  const now = (): Instant => instantFromEpochMs(deps.clock.now().getTime());
  const newId = deps.newApprovalId ?? (() => `apr-${randomUUID()}`);
  // Proposals of this process one at a time: "the one already awaiting" is then exact here.
  const proposing = new KeyedMutex();
  const failed = (failure: Readonly<{ kind: 'rejected'; rejection: ApprovalRejection } | { kind: 'retries_exhausted'; attempts: number }>): ApprovalFailure =>
    failure.kind === 'rejected' ? { kind: 'rejected', rejection: failure.rejection } : failure;

  const stateOf = async (approvalId: string): Promise<ApprovalState | undefined> => {
    const id = ApprovalId.decode(approvalId);
    if (isLeft(id)) return undefined;
    const state = foldApprovalStream(await deps.store.readStream(approvalStreamId(id.right), { fromRevision: 0 }));
    return state.status === 'none' ? undefined : state;
  };

  const propose: Approvals['propose'] = (input, proposedBy) =>
    proposing.run('propose', async () => {
      const at = now();
      const states = await approvalStates(deps.store);
      const alike = awaitingAlike(states.values(), input, at);
      if (alike.kind === 'conflict') return left({ kind: 'idempotency_conflict', message: alike.message });
      if (alike.kind === 'found') return right(approvalView(alike.state, at));
      const pinned = await pinProposal(deps.store, input);
      if (isLeft(pinned)) return left({ kind: 'idempotency_conflict', message: pinned.left.message });
      const approvalId = ApprovalId.decode(newId());
      if (isLeft(approvalId)) throw new Error('approvals: a generated approval id is not a valid id');
      const expiresAt = instantFromEpochMs(epochMsOf(at) + deps.config.approvalTtlHours * hourMs);
      const proposal: Proposal = pinned.right;
      const outcome = await handle({ kind: 'ProposeAction', approvalId: approvalId.right, proposedBy, occurredAt: at, expiresAt, proposal }, proposedBy);
      if (isLeft(outcome)) return left(failed(outcome.left));
      const { state } = outcome.right;
      if (state.status === 'none') throw new Error('approvals: a proposal left no state');
      return right(approvalView(state, at));
    });

  // A decision on a proposal past its expiry records the expiry (lazily, here) and is refused.
  const expireIfDue = async (rejection: ApprovalRejection, state: ApprovalState | undefined): Promise<void> => {
    if (rejection.code !== 'approval_expired' || state?.status !== 'awaiting_approval') return;
    await handle({ kind: 'ExpireProposal', approvalId: state.proposed.approvalId, ledgerTime: now() }, issuer);
  };

  const approve: Approvals['approve'] = async (decision) => {
    const id = ApprovalId.decode(decision.approvalId);
    if (isLeft(id)) return left({ kind: 'not_found' });
    const at = now();
    const { by, occurredAt, reason } = decision;
    const outcome = await handle({ kind: 'GrantApproval', approvalId: id.right, approvedBy: by, occurredAt, ledgerTime: at, ...(reason === undefined ? {} : { reason }) }, by);
    if (isLeft(outcome)) {
      if (outcome.left.kind === 'rejected') await expireIfDue(outcome.left.rejection, outcome.left.state);
      return left(failed(outcome.left));
    }
    const { state } = outcome.right;
    if (state.status !== 'approved') throw new Error(`approvals: ${decision.approvalId} granted but ${state.status}`);
    const action = await actions.execute(state);
    const after = (await stateOf(decision.approvalId)) ?? state;
    return right({ view: approvalView(after.status === 'none' ? state : after, at), outcome: action });
  };

  const reject: Approvals['reject'] = async (decision) => {
    const id = ApprovalId.decode(decision.approvalId);
    if (isLeft(id)) return left({ kind: 'not_found' });
    const at = now();
    const { by, occurredAt, reason } = decision;
    const outcome = await handle({ kind: 'RejectProposal', approvalId: id.right, rejectedBy: by, occurredAt, ledgerTime: at, ...(reason === undefined ? {} : { reason }) }, by);
    if (isLeft(outcome)) {
      if (outcome.left.kind === 'rejected') await expireIfDue(outcome.left.rejection, outcome.left.state);
      return left(failed(outcome.left));
    }
    const { state } = outcome.right;
    if (state.status === 'none') throw new Error('approvals: a rejection left no state');
    return right(approvalView(state, at));
  };

  const show: Approvals['show'] = async (approvalId) => {
    const state = await stateOf(approvalId);
    return state === undefined || state.status === 'none' ? undefined : approvalView(state, now());
  };

  const list: Approvals['list'] = async (status, limit) => {
    const at = now();
    const views: ApprovalView[] = [];
    for (const state of (await approvalStates(deps.store)).values()) {
      if (state.status === 'none') continue;
      const view = approvalView(state, at);
      if (status === undefined || view.status === status) views.push(view);
    }
    // Newest proposals first.
    return views.sort((a, b) => (a.proposedAt < b.proposedAt ? 1 : a.proposedAt > b.proposedAt ? -1 : 0)).slice(0, limit);
  };

  const resume: Approvals['resume'] = async () => {
    const states = await approvalStates(deps.store);
    const at = now();
    let expired = 0;
    for (const state of states.values()) {
      if (state.status !== 'awaiting_approval' || at < state.proposed.expiresAt) continue;
      const outcome = await handle({ kind: 'ExpireProposal', approvalId: state.proposed.approvalId, ledgerTime: at }, issuer);
      if (!isLeft(outcome) && outcome.right.appended.length > 0) expired += 1;
    }
    return { expired, resumed: await actions.resume(states.values()) };
  };

  return { config: deps.config, propose, show, list, approve, reject, resume };
};
