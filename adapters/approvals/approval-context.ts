// What the approvals' operations share: the approval stream's command handler, the process
// manager running approved actions, the ledger's clock.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { ApprovalCommand } from '../../domain/approvals/approval-commands.ts';
import { ApprovalEventCodec, ApprovalId, approvalStreamId } from '../../domain/approvals/approval-events.ts';
import type { ApprovalRejection } from '../../domain/approvals/approval-rejections.ts';
import type { ApprovalState } from '../../domain/approvals/approval-state.ts';
import { approvalDecider } from '../../domain/approvals/approval-decider.ts';
import { type Instant, instantFromEpochMs } from '../../domain/instant.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { type StreamCommandFailure, type StreamCommandHandler, createStreamCommandHandler } from '../command-handling/stream-command-handler.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import type { IncidentProgress } from '../incidents/run-incident.ts';
import { type ApprovedActions, createApprovedActions } from '../processes/approved-actions.ts';
import { type ApprovalStates, createApprovalStates, foldApprovalStream } from './approval-states.ts';

export const guardedActions = ['incidents', 'freeze', 'reversal'] as const;
export type GuardedAction = (typeof guardedActions)[number];
export type FourEyesConfig = Readonly<{ guarded: ReadonlySet<GuardedAction>; approvalTtlHours: number }>;

export type ApprovalFailure =
  | Readonly<{ kind: 'rejected'; rejection: ApprovalRejection }>
  | Readonly<{ kind: 'retries_exhausted'; attempts: number }>
  // Not even a well-formed approval id.
  | Readonly<{ kind: 'not_found' }>
  // An incident proposal whose id is already another incident's (409 idempotency_conflict).
  | Readonly<{ kind: 'idempotency_conflict'; message: string }>;

export type ApprovalsDeps = Readonly<{
  store: EventStore;
  commands: CommandHandler;
  clock: Clock;
  config: FourEyesConfig;
  newApprovalId?: () => string;
  onProgress?: (approvalId: string, progress: IncidentProgress) => void;
}>;

export type ApprovalContext = Readonly<{
  deps: ApprovalsDeps;
  handle: StreamCommandHandler<ApprovalCommand, ApprovalState, ApprovalRejection>;
  actions: ApprovedActions;
  now: () => Instant;
  // Every approval's state, caught up from the store at each call.
  states: ApprovalStates;
  // undefined: no such approval (never the 'none' state).
  stateOf: (approvalId: string) => Promise<Exclude<ApprovalState, { status: 'none' }> | undefined>;
}>;

// Who the ledger records for what it appends on its own in an approval's stream.
export const fourEyesIssuer = 'system:four-eyes';

export const failureOf = (failure: StreamCommandFailure<ApprovalState, ApprovalRejection>): ApprovalFailure =>
  failure.kind === 'rejected' ? { kind: 'rejected', rejection: failure.rejection } : failure;

export const approvalContext = (deps: ApprovalsDeps): ApprovalContext => {
  const handle = createStreamCommandHandler(deps.store, approvalDecider, ApprovalEventCodec);
  const onProgress = deps.onProgress;
  const actions = createApprovedActions({ store: deps.store, commands: deps.commands, approvals: handle, clock: deps.clock, ...(onProgress === undefined ? {} : { onProgress }) });
  const stateOf: ApprovalContext['stateOf'] = async (approvalId) => {
    const id = ApprovalId.decode(approvalId);
    if (isLeft(id)) return undefined;
    const state = foldApprovalStream(await deps.store.readStream(approvalStreamId(id.right), { fromRevision: 0 }));
    return state.status === 'none' ? undefined : state;
  };
  return { deps, handle, actions, now: () => instantFromEpochMs(deps.clock.now().getTime()), states: createApprovalStates(deps.store), stateOf };
};
