// given(...events).when(command).then(...events) | .thenRejects(code, details) | .thenReplays(revision)
// Events are compared in their stored (encoded) form, so amounts compare as the strings the store
// keeps and an event that cannot be encoded fails the test. Every accepted decision is also folded
// back through evolve: decide must never produce an event evolve refuses.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { Command } from '../../domain/commands.ts';
import { type Decision, decide } from '../../domain/decide.ts';
import { declinedAttempt } from '../../domain/decline.ts';
import { type LedgerEvent, LedgerEventCodec } from '../../domain/events.ts';
import { fold } from '../../domain/evolve.ts';
import { originalRevision } from '../../domain/original-outcome.ts';
import type { RejectionCode } from '../../domain/rejection-code.ts';
import type { Rejection } from '../../domain/rejections.ts';
import { type AccountState, initialState } from '../../domain/state.ts';

export const stored = (events: ReadonlyArray<LedgerEvent>): unknown[] => events.map((event) => LedgerEventCodec.encode(event));

// Decimals become their JSON strings, so rejections carrying Money compare by value.
export const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

export type Outcome = Readonly<{
  state: AccountState;
  decision: Decision;
  then: (...expected: LedgerEvent[]) => AccountState;
  thenRejects: (code: RejectionCode, details?: Readonly<Record<string, unknown>>) => Rejection;
  thenReplays: (revision: number) => void;
  thenDeclines: (code: RejectionCode) => LedgerEvent;
}>;

export const given = (...history: LedgerEvent[]) => ({
  when: (command: Command): Outcome => {
    const state = fold(history, initialState());
    const decision = decide(command, state);
    const rejection = (): Rejection => {
      if (!isLeft(decision)) throw new Error(`expected a rejection, got events ${JSON.stringify(stored(decision.right))}`);
      return decision.left;
    };
    return {
      state,
      decision,
      then: (...expected) => {
        if (!isRight(decision)) throw new Error(`expected events, got rejection ${JSON.stringify(plain(decision.left))}`);
        expect(stored(decision.right)).toEqual(stored(expected));
        return fold(decision.right, state);
      },
      thenRejects: (code, details = {}) => {
        const refused = rejection();
        expect(plain(refused)).toEqual(plain({ code, accountId: command.accountId, ...details }));
        return refused;
      },
      thenReplays: (revision) => {
        if (!isRight(decision)) throw new Error(`expected a replay, got rejection ${JSON.stringify(plain(decision.left))}`);
        expect(decision.right).toEqual([]);
        expect(originalRevision(command, state)).toBe(revision);
      },
      // A rejection the command path records once as a ChargeDeclined event.
      thenDeclines: (code) => {
        expect(rejection().code).toBe(code);
        const evidence = declinedAttempt(command, rejection(), state);
        expect(evidence).toHaveLength(1);
        const [declined] = evidence;
        if (declined?.type !== 'ChargeDeclined') throw new Error('expected a ChargeDeclined event');
        expect(declined.data.rejection).toBe(code);
        expect(() => fold(evidence, state)).not.toThrow();
        return declined;
      },
    };
  },
});
