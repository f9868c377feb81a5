// Group commit: appends that arrive in the same event-loop turn wait for one setImmediate and are
// written together in ONE transaction, so they share one fsync of the log. Each caller still gets
// its own outcome. If the group's transaction throws (a disk error, SQLITE_BUSY past the busy
// timeout, a UNIQUE violation from another process), the group is retried one append per
// transaction, so one bad append cannot fail the others.
import { type AppendOutcome, StoreUnavailableError } from '../../domain/ports/event-store.ts';
import type { AppendWriter, EncodedAppend } from './sqlite-append-writer.ts';
import { isUniqueViolation, translateSqliteError } from './sqlite-errors.ts';

export type GroupCommitLimits = Readonly<{
  appendsPerGroupMax: number;
  eventsPerGroupMax: number;
  // Beyond this many waiting appends, new ones are refused at once instead of queueing forever.
  pendingAppendsMax: number;
}>;

export const groupCommitLimitsDefault: GroupCommitLimits = {
  appendsPerGroupMax: 1_000,
  eventsPerGroupMax: 10_000,
  pendingAppendsMax: 100_000,
};

export type CommittedGroup = Readonly<{ appends: number; events: number }>;

type Pending = EncodedAppend & Readonly<{ resolve: (outcome: AppendOutcome) => void; reject: (error: Error) => void }>;

export type GroupCommit = Readonly<{
  enqueue: (append: EncodedAppend) => Promise<AppendOutcome>;
  // Writes everything still queued, synchronously; later enqueues are refused.
  drainAndStop: () => void;
}>;

export const createGroupCommit = (
  writer: AppendWriter,
  onCommitted: (group: CommittedGroup) => void,
  limits: GroupCommitLimits = groupCommitLimitsDefault,
): GroupCommit => {
  const queue: Pending[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let stopped = false;

  const takeGroup = (): Pending[] => {
    let count = 0;
    let events = 0;
    while (count < queue.length && count < limits.appendsPerGroupMax) {
      const size = queue[count]?.events.length ?? 0;
      if (count > 0 && events + size > limits.eventsPerGroupMax) break;
      events += size;
      count += 1;
    }
    return queue.splice(0, count);
  };

  const committed = (group: ReadonlyArray<Pending>, outcomes: ReadonlyArray<AppendOutcome>): void => {
    let events = 0;
    group.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) throw new Error('group commit: an append got no outcome');
      if (outcome.kind === 'appended') events += outcome.events.length;
      pending.resolve(outcome);
    });
    onCommitted({ appends: group.length, events });
  };

  const failAlone = (pending: Pending, error: unknown): void => {
    if (!isUniqueViolation(error)) return pending.reject(translateSqliteError(error, `append to ${pending.streamId}`));
    try {
      const actualRevision = writer.storedRevision(pending.streamId);
      pending.resolve({ kind: 'conflict', streamId: pending.streamId, expected: pending.expected, actualRevision });
    } catch (readError) {
      pending.reject(translateSqliteError(readError, `reading the head of ${pending.streamId}`));
    }
  };

  // Outcomes are delivered outside the try: only a failed write may lead to a retry, never a
  // failure after the commit (a retry then would append twice).
  const commitAlone = (pending: Pending): void => {
    let outcomes: ReadonlyArray<AppendOutcome>;
    try {
      outcomes = writer.writeGroup([pending]);
    } catch (error) {
      return failAlone(pending, error);
    }
    committed([pending], outcomes);
  };

  const commit = (group: ReadonlyArray<Pending>): void => {
    const [only] = group;
    if (only === undefined) return;
    if (group.length === 1) return commitAlone(only);
    let outcomes: ReadonlyArray<AppendOutcome>;
    try {
      outcomes = writer.writeGroup(group);
    } catch {
      // Not worth telling which append caused it: each is retried on its own and gets its own answer.
      return group.forEach(commitAlone);
    }
    committed(group, outcomes);
  };

  const flushOneGroup = (): void => {
    scheduled = undefined;
    commit(takeGroup());
    // One bounded group per turn, so a long queue does not hold the event loop in one go.
    if (queue.length > 0) scheduled = setImmediate(flushOneGroup);
  };

  return {
    enqueue: (append) => {
      if (stopped) return Promise.reject(new StoreUnavailableError('sqlite event store: closed'));
      if (queue.length >= limits.pendingAppendsMax) {
        return Promise.reject(new StoreUnavailableError(`sqlite event store: ${queue.length} appends already waiting`));
      }
      return new Promise<AppendOutcome>((resolve, reject) => {
        queue.push({ ...append, resolve, reject });
        scheduled ??= setImmediate(flushOneGroup);
      });
    },
    drainAndStop: () => {
      stopped = true;
      if (scheduled !== undefined) clearImmediate(scheduled);
      scheduled = undefined;
      while (queue.length > 0) commit(takeGroup());
    },
  };
};
