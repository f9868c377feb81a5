// Invariants of the decider over random command sequences (fast-check, fixed seed).
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type LedgerEvent, LedgerEventCodec } from '../../domain/events.ts';
import { evolve, fold } from '../../domain/evolve.ts';
import { type Money, add, formatAmount, isNegative, money, scaleOf, subtract, zero } from '../../domain/money.ts';
import { originalRevision } from '../../domain/original-outcome.ts';
import { type AccountState, initialState } from '../../domain/state.ts';
import { anyScenarioArbitrary, eventsToAppend, holdScenarioArbitrary, runCommands, scenarioArbitrary } from './command-arbitraries.ts';
import { amount, charged } from './fixtures.ts';

const settings = { seed: 20_240_301, numRuns: 300 } as const;

// Everything a state holds, as one comparable string (Immutable maps and Decimals serialise to JSON).
const snapshot = (state: AccountState): string => JSON.stringify(state);
const balanceOf = (state: AccountState): string => (state.status === 'open' ? formatAmount(state.balance) : 'none');

// What a store gives back: each event encoded, written as JSON, read and decoded again.
const throughStore = (events: ReadonlyArray<LedgerEvent>): LedgerEvent[] =>
  events.map((event) => {
    const decoded = LedgerEventCodec.decode(JSON.parse(JSON.stringify(LedgerEventCodec.encode(event))));
    if (isLeft(decoded)) throw new Error(`event ${event.type} does not survive the store`);
    return decoded.right;
  });

describe('decider properties', () => {
  it('replaying the same events always gives the same state, also after a round trip through storage', () => {
    fc.assert(
      fc.property(anyScenarioArbitrary, ({ commands }) => {
        const { state, events } = runCommands(commands);
        const replayed = fold(events, initialState());
        expect(snapshot(replayed)).toBe(snapshot(state));
        expect(snapshot(fold(events, initialState()))).toBe(snapshot(replayed));
        expect(snapshot(fold(throughStore(events), initialState()))).toBe(snapshot(state));
        expect(state.version).toBe(events.length);
      }),
      settings,
    );
  });

  it('balance = top-ups − charges − captures + reversals; declined attempts change nothing', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ currency, commands }) => {
        const { state, events } = runCommands(commands);
        if (state.status !== 'open') return;
        let expected: Money = zero(currency);
        for (const event of events) {
          if (event.type === 'WalletToppedUp' || event.type === 'ChargeReversed') expected = add(expected, event.data.amount);
          if (event.type === 'WalletCharged' || event.type === 'HeldChargeCaptured') expected = subtract(expected, event.data.amount);
        }
        expect(formatAmount(state.balance)).toBe(formatAmount(expected));
      }),
      settings,
    );
  });

  it('no sequence of commands drives a balance below zero', () => {
    let chargesAccepted = 0;
    let chargesRefusedForFunds = 0;
    fc.assert(
      fc.property(scenarioArbitrary, ({ commands }) => {
        for (const step of runCommands(commands).steps) {
          const after = step.appended.reduce(evolve, step.before);
          if (after.status === 'open') expect(isNegative(after.balance)).toBe(false);
          if (step.command.kind === 'ChargeWallet' && step.appended.some((event) => event.type === 'WalletCharged')) chargesAccepted += 1;
          if (isLeft(step.decision) && step.decision.left.code === 'insufficient_funds') chargesRefusedForFunds += 1;
        }
      }),
      settings,
    );
    // The generator must reach both sides of the funds check, or this property proves nothing.
    expect(chargesAccepted).toBeGreaterThan(100);
    expect(chargesRefusedForFunds).toBeGreaterThan(100);
  });

  it('any command sent twice changes nothing the second time and answers like the first', () => {
    const outcomes = new Map<string, number>();
    // Over the general sequences and the hold-heavy ones, each with its full number of runs.
    for (const arbitrary of [scenarioArbitrary, holdScenarioArbitrary]) fc.assert(
      fc.property(arbitrary, ({ commands }) => {
        for (const step of runCommands(commands).steps) {
          const afterFirst = step.appended.reduce(evolve, step.before);
          const second = eventsToAppend(step.command, afterFirst);
          expect(second.appended).toEqual([]);
          expect(snapshot(second.appended.reduce(evolve, afterFirst))).toBe(snapshot(afterFirst));
          if (isRight(step.decision)) {
            expect(isRight(second.decision)).toBe(true);
            // The retry points at the event that recorded the first outcome.
            const firstRevision = step.decision.right.length > 0 ? step.before.version : originalRevision(step.command, step.before);
            expect(originalRevision(step.command, afterFirst)).toBe(firstRevision);
            const kind = step.decision.right.length > 0 ? 'accepted' : 'replayed';
            outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
          } else {
            expect(isLeft(second.decision) && second.decision.left.code).toBe(step.decision.left.code);
            outcomes.set(step.decision.left.code, (outcomes.get(step.decision.left.code) ?? 0) + 1);
          }
        }
      }),
      settings,
    );
    // Every rejection the generator can reach was reached (the property ran over all of them).
    expect([...outcomes.keys()].sort()).toEqual([
      'accepted', 'account_exists', 'account_frozen', 'account_not_found', 'amount_scale_exceeded', 'capture_exceeds_hold',
      'charge_already_reversed', 'charge_not_found', 'charge_not_held', 'currency_mismatch', 'device_already_registered',
      'device_not_registered', 'device_not_verified', 'hold_expiry_out_of_range', 'hold_not_expired', 'idempotency_conflict',
      'insufficient_funds', 'replayed',
    ]);
  });

  it('evolve throws when handed a charge the balance does not cover (the pair of decide)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 1, max: 1_000_000 }), ({ currency, commands }, extraUnits) => {
        const { state } = runCommands(commands);
        if (state.status !== 'open') return;
        // The smallest step the currency has, times a random factor: the charge exceeds the balance by it.
        const extra = money(amount(String(extraUnits)).dividedBy(10 ** scaleOf(currency)), currency);
        // What a charge may spend is the available balance (the ledger balance less open holds).
        const available = subtract(state.balance, state.held);
        const overdraft = add(available, extra);
        const overdraw = charged('c-new', formatAmount(overdraft), currency, { amount: overdraft });
        expect(() => evolve(state, overdraw)).toThrow(/overdraws/);
        if (!available.amount.isZero()) {
          const exact = charged('c-new', formatAmount(available), currency, { amount: available });
          expect(balanceOf(evolve(state, exact))).toBe(formatAmount(state.held));
        }
      }),
      settings,
    );
  });
});
