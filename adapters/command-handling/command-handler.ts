// Command handling, written once for every command: read the stream (from a cached state when
// there is one), fold with evolve, decide, append with the expected revision, retry on a revision
// conflict (bounded). Returns the original result for an idempotent replay.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { Command } from '../../domain/commands.ts';
import { declinedAttempt } from '../../domain/decline.ts';
import { decide } from '../../domain/decide.ts';
import { type LedgerEvent, accountStreamId } from '../../domain/events.ts';
import { evolve, fold } from '../../domain/evolve.ts';
import { originalRevision } from '../../domain/original-outcome.ts';
import type { Rejection } from '../../domain/rejections.ts';
import type { AccountState } from '../../domain/state.ts';
import { type EventStore, type StoredEvent, expectExact, expectNoStream, pageSizeMax } from '../../domain/ports/event-store.ts';
import { toLedgerEvent, toNewEvent } from '../event-store/ledger-events.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { StateCache, type StateCacheLimits } from './state-cache.ts';

export type CommandResult = Readonly<{
  accountId: string;
  // The event that records the command's outcome (the first, when it appended several).
  event: StoredEvent;
  // The same event as the domain knows it, so callers shaping an answer need not decode it again.
  recorded: LedgerEvent;
  // True when nothing was appended: the answer is the original one.
  replayed: boolean;
  state: AccountState;
}>;

export type CommandFailure =
  | Readonly<{ kind: 'rejected'; rejection: Rejection; state: AccountState }>
  | Readonly<{ kind: 'retries_exhausted'; attempts: number }>
  // More commands already waiting on this account than the bound: load, refused before queuing.
  | Readonly<{ kind: 'account_busy'; pendingMax: number }>;

// issuedBy names who caused the command (a key id, `system:<rule or job>`, `cli:<user>`); every
// event the command appends records it in its metadata. Left out, the events name nobody.
export type CommandHandler = (command: Command, issuedBy?: string) => Promise<Either<CommandFailure, CommandResult>>;

export const retryCountMaxDefault = 16;
// Between conflicting attempts (another process won the revision), a random pause up to
// min(2^attempt, retryBackoffMsMax) ms, so competing writers stop colliding in lockstep.
export const retryBackoffMsMax = 64;

const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, retryBackoffMsMax)));

// Commands of one account run one at a time in this process; a client hammering one account
// cannot queue more than this many behind it (memory stays bounded; the rest answer busy).
export const pendingCommandsPerAccountMaxDefault = 1_000;

export type CommandHandlerOptions = Readonly<{ retryCountMax?: number; cache?: StateCacheLimits; pendingCommandsPerAccountMax?: number }>;

export const createCommandHandler = (store: EventStore, options: CommandHandlerOptions = {}): CommandHandler => {
  const retryCountMax = options.retryCountMax ?? retryCountMaxDefault;
  const cache = new StateCache(options.cache);
  const mutex = new KeyedMutex();

  const load = async (streamId: string): Promise<AccountState> => {
    let state = cache.get(streamId);
    for (;;) {
      const page = await store.readStream(streamId, { fromRevision: state.version, limit: pageSizeMax });
      state = fold(page.map(toLedgerEvent), state);
      if (page.length < pageSizeMax) break;
      // A cold account with many events: let other requests run between pages.
      await yieldToEventLoop();
    }
    cache.set(streamId, state);
    return state;
  };

  const eventAt = async (streamId: string, revision: number): Promise<StoredEvent> => {
    const [stored] = await store.readStream(streamId, { fromRevision: revision, limit: 1 });
    if (stored === undefined) throw new Error(`command handling: ${streamId}@${revision} vanished`);
    return stored;
  };

  const append = async (streamId: string, state: AccountState, events: ReadonlyArray<LedgerEvent>, issuedBy: string | undefined) => {
    const expected = state.version === 0 ? expectNoStream : expectExact(state.version - 1);
    const metadata = issuedBy === undefined ? {} : { issuedBy };
    const outcome = await store.append(streamId, events.map((event) => ({ ...toNewEvent(event), metadata })), expected);
    if (outcome.kind === 'conflict') return undefined;
    const next = events.reduce(evolve, state);
    cache.set(streamId, next);
    return { stored: outcome.events, state: next };
  };

  const handle = async (command: Command, streamId: string, issuedBy: string | undefined): Promise<Either<CommandFailure, CommandResult>> => {
    for (let attempt = 1; attempt <= retryCountMax; attempt += 1) {
      if (attempt > 1) await backoff(attempt);
      const state = await load(streamId);
      const decision = decide(command, state);
      if (isLeft(decision)) {
        const evidence = declinedAttempt(command, decision.left, state);
        if (evidence.length === 0) return left({ kind: 'rejected', rejection: decision.left, state });
        const recorded = await append(streamId, state, evidence, issuedBy);
        if (recorded === undefined) continue;
        return left({ kind: 'rejected', rejection: decision.left, state: recorded.state });
      }
      if (decision.right.length === 0) {
        const revision = originalRevision(command, state) ?? state.version - 1;
        const original = await eventAt(streamId, revision);
        return right({ accountId: command.accountId, event: original, recorded: toLedgerEvent(original), replayed: true, state });
      }
      const appended = await append(streamId, state, decision.right, issuedBy);
      const first = appended?.stored[0];
      const recorded = decision.right[0];
      if (appended === undefined || first === undefined || recorded === undefined) continue;
      return right({ accountId: command.accountId, event: first, recorded, replayed: false, state: appended.state });
    }
    return left({ kind: 'retries_exhausted', attempts: retryCountMax });
  };

  const pendingMax = options.pendingCommandsPerAccountMax ?? pendingCommandsPerAccountMaxDefault;
  return async (command, issuedBy) => {
    const streamId = accountStreamId(command.accountId);
    if (mutex.pendingFor(streamId) >= pendingMax) return left({ kind: 'account_busy', pendingMax });
    return mutex.run(streamId, () => handle(command, streamId, issuedBy));
  };
};
