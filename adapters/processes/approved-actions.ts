// Four eyes' process manager: runs an approved proposal's action through the one command path
// and records, in the approval's stream, that it ran to its end. Exactly once whatever is sent
// again and whatever crashes in between, because every action is idempotent by construction:
// an incident run resumes (each reversal is a no-op when done, incident runs already are), a
// reversal or freeze replays its original event. A crash after the grant and before the record
// leaves an approved proposal not executed: `resume` (the server calls it at start) runs those.
import { type Either, isLeft } from 'fp-ts/lib/Either.js';
import type { ApprovalCommand } from '../../domain/approvals/approval-commands.ts';
import type { ApprovalRejection } from '../../domain/approvals/approval-rejections.ts';
import type { ApprovalState } from '../../domain/approvals/approval-state.ts';
import { Text } from '../../domain/ids.ts';
import { instantFromEpochMs } from '../../domain/instant.ts';
import { unreachable } from '../../domain/rejections.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import type { IncidentResult } from '../../projections/incidents/incident-result.ts';
import type { CommandFailure, CommandHandler, CommandResult } from '../command-handling/command-handler.ts';
import { KeyedMutex } from '../command-handling/keyed-mutex.ts';
import type { StreamCommandHandler } from '../command-handling/stream-command-handler.ts';
import type { Clock } from '../event-store/recorded-at.ts';
import type { IncidentConflict } from '../incidents/declare-incident.ts';
import { type IncidentProgress, runIncident } from '../incidents/run-incident.ts';

export type Approved = Extract<ApprovalState, { status: 'approved' }>;

// What the action answered: the route shapes it as the action's own route would.
export type ActionOutcome =
  | Readonly<{ kind: 'incident'; outcome: Either<IncidentConflict, IncidentResult> }>
  | Readonly<{ kind: 'reversal'; chargeId: string; outcome: Either<CommandFailure, CommandResult> }>
  | Readonly<{ kind: 'freeze' | 'unfreeze'; outcome: Either<CommandFailure, CommandResult> }>;

export type ApprovedActionsDeps = Readonly<{
  store: EventStore;
  commands: CommandHandler;
  approvals: StreamCommandHandler<ApprovalCommand, ApprovalState, ApprovalRejection>;
  clock: Clock;
  onProgress?: (approvalId: string, progress: IncidentProgress) => void;
}>;

export type ApprovedActions = Readonly<{
  execute: (approved: Approved) => Promise<ActionOutcome>;
  // Runs every approved proposal whose action has not been recorded as executed, one at a time.
  resume: (states: Iterable<ApprovalState>) => Promise<number>;
}>;

// A refusal of the action is final (recorded); load (busy, retries) is not: a resumption retries.
const finality = (outcome: ActionOutcome): Readonly<{ outcome: 'succeeded' | 'refused'; refusal?: string }> | undefined => {
  if (outcome.kind === 'incident') return isLeft(outcome.outcome) ? { outcome: 'refused', refusal: outcome.outcome.left.code } : { outcome: 'succeeded' };
  if (!isLeft(outcome.outcome)) return { outcome: 'succeeded' };
  const failure = outcome.outcome.left;
  return failure.kind === 'rejected' ? { outcome: 'refused', refusal: failure.rejection.code } : undefined;
};

export const createApprovedActions = (deps: ApprovedActionsDeps): ApprovedActions => {
  // Two approvals of one proposal sent at once run its action one after the other (the second
  // then finds everything done), never side by side.
  const running = new KeyedMutex();
  const run = async (approved: Approved): Promise<ActionOutcome> => {
    const { proposal, approvalId } = approved.proposed;
    // Who the ledger records as running it: the approver (their grant caused it).
    const issuedBy = approved.granted.approvedBy;
    if (proposal.action === 'incidents') {
      const onProgress = deps.onProgress;
      const outcome = await runIncident(
        {
          store: deps.store, handle: deps.commands, issuedBy, clock: deps.clock,
          selectionKnownBefore: BigInt(proposal.selectionKnownBefore),
          ...(onProgress === undefined ? {} : { onProgress: (progress: IncidentProgress) => onProgress(approvalId, progress) }),
        },
        { ...proposal.request, dryRun: false },
      );
      return { kind: 'incident', outcome };
    }
    switch (proposal.action) {
      case 'reversal':
        return { kind: 'reversal', chargeId: proposal.request.chargeId, outcome: await deps.commands({ kind: 'ReverseCharge', ...proposal.request }, issuedBy) };
      case 'freeze':
        return { kind: 'freeze', outcome: await deps.commands({ kind: 'FreezeAccount', ...proposal.request }, issuedBy) };
      case 'unfreeze':
        return { kind: 'unfreeze', outcome: await deps.commands({ kind: 'UnfreezeAccount', ...proposal.request }, issuedBy) };
      default:
        return unreachable(proposal);
    }
  };
  const record = async (approved: Approved, outcome: ActionOutcome): Promise<void> => {
    const final = finality(outcome);
    if (final === undefined || approved.executed !== undefined) return;
    const refusal = final.refusal === undefined ? undefined : Text.decode(final.refusal);
    const recorded = await deps.approvals({
      kind: 'RecordActionExecuted',
      approvalId: approved.proposed.approvalId,
      occurredAt: instantFromEpochMs(deps.clock.now().getTime()),
      outcome: final.outcome,
      ...(refusal === undefined || isLeft(refusal) ? {} : { refusal: refusal.right }),
    }, 'system:four-eyes');
    if (isLeft(recorded)) throw new Error(`approval ${approved.proposed.approvalId}: recording its execution failed: ${recorded.left.kind}`);
  };
  const execute = (approved: Approved): Promise<ActionOutcome> =>
    running.run(approved.proposed.approvalId, async () => {
      const outcome = await run(approved);
      await record(approved, outcome);
      return outcome;
    });
  const resume = async (states: Iterable<ApprovalState>): Promise<number> => {
    let resumed = 0;
    for (const state of states) {
      if (state.status !== 'approved' || state.executed !== undefined) continue;
      await execute(state);
      resumed += 1;
    }
    return resumed;
  };
  return { execute, resume };
};

