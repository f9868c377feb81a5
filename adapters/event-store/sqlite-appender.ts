// What the SQLite store appends through: on the calling thread (the writer and its group commit
// run on this event loop, the durable COMMIT and its fsync included), or on a writer thread
// (sqlite-writer-host.ts), which keeps the event loop free while a group syncs.
import type { AppendOutcome, StreamId } from '../../domain/ports/event-store.ts';
import type { Database } from 'better-sqlite3';
import type { Clock } from './recorded-at.ts';
import { createAppendWriter } from './sqlite-append-writer.ts';
import { type CommittedGroup, type GroupCommitLimits, createGroupCommit } from './sqlite-group-commit.ts';
import { type EncodedAppend, toAppendOutcome } from './sqlite-row-append.ts';
import type { Statements } from './sqlite-statements.ts';

export type Appender = Readonly<{
  append: (append: EncodedAppend) => Promise<AppendOutcome>;
  // True when the stream is known to end before `revision` (see AppendWriter.knownToEndBefore).
  knownToEndBefore: (streamId: StreamId, revision: number) => boolean;
  // Writes what is queued, then refuses further appends.
  stop: () => Promise<void>;
}>;

export type AppenderOptions = Readonly<{
  clock: Clock;
  limits: GroupCommitLimits;
  onCommitted: (group: CommittedGroup) => void;
}>;

export const inlineAppender = (database: Database, statements: Statements, options: AppenderOptions): Appender => {
  const writer = createAppendWriter(database, statements, options.clock);
  const groupCommit = createGroupCommit(writer, options.onCommitted, options.limits);
  return {
    append: async (append) => toAppendOutcome(append, await groupCommit.enqueue(append)),
    knownToEndBefore: writer.knownToEndBefore,
    stop: async () => groupCommit.drainAndStop(),
  };
};
