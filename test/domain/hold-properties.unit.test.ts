// Invariants of two-phase charges over random command sequences (fast-check, fixed seed). Replay
// determinism and idempotency of the hold commands are covered by decider-properties, whose
// generator draws them too.
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { evolve } from '../../domain/evolve.ts';
import { type Money, add, formatAmount, isNegative, subtract, zero } from '../../domain/money.ts';
import { holdScenarioArbitrary as scenarioArbitrary, runCommands } from './command-arbitraries.ts';

const settings = { seed: 20_261_203, numRuns: 300 } as const;

describe('hold properties', () => {
  it('the available balance as known at each decision never goes below zero, nor does the held sum', () => {
    let holdsPlaced = 0;
    let refusedWhileHeld = 0;
    fc.assert(
      fc.property(scenarioArbitrary, ({ commands }) => {
        for (const step of runCommands(commands).steps) {
          const after = step.appended.reduce(evolve, step.before);
          if (after.status !== 'open') continue;
          expect(isNegative(subtract(after.balance, after.held))).toBe(false);
          expect(isNegative(after.held)).toBe(false);
          if (step.appended.some((event) => event.type === 'ChargeHeld')) holdsPlaced += 1;
          const heldBefore = step.before.status === 'open' && !step.before.held.amount.isZero();
          if (heldBefore && isLeft(step.decision) && step.decision.left.code === 'insufficient_funds') refusedWhileHeld += 1;
        }
      }),
      settings,
    );
    // Both sides of the funds check with holds open were reached.
    expect(holdsPlaced).toBeGreaterThan(100);
    expect(refusedWhileHeld).toBeGreaterThan(20);
  });

  it('conserves money: every hold settles once, into what was captured plus what was released', () => {
    const settledBy = new Map<string, number>();
    fc.assert(
      fc.property(scenarioArbitrary, ({ currency, commands }) => {
        const { state, events } = runCommands(commands);
        if (state.status !== 'open') return;
        const open = new Map<string, Money>();
        let held = zero(currency);
        let ledger = zero(currency);
        for (const event of events) {
          switch (event.type) {
            case 'ChargeHeld':
              open.set(event.data.chargeId, event.data.amount);
              held = add(held, event.data.amount);
              break;
            case 'HeldChargeCaptured':
            case 'HoldVoided':
            case 'HoldExpired': {
              const reserved = open.get(event.data.chargeId);
              expect(reserved).toBeDefined();
              open.delete(event.data.chargeId);
              const released = event.type === 'HeldChargeCaptured' ? subtract(event.data.heldAmount, event.data.amount) : zero(currency);
              const captured = event.type === 'HeldChargeCaptured' ? event.data.amount : zero(currency);
              const whole = event.type === 'HeldChargeCaptured' ? add(captured, released) : event.data.amount;
              expect(formatAmount(whole)).toBe(formatAmount(reserved ?? zero(currency)));
              held = subtract(held, whole);
              ledger = subtract(ledger, captured);
              settledBy.set(event.type, (settledBy.get(event.type) ?? 0) + 1);
              break;
            }
            case 'WalletToppedUp':
            case 'ChargeReversed':
              ledger = add(ledger, event.data.amount);
              break;
            case 'WalletCharged':
              ledger = subtract(ledger, event.data.amount);
              break;
            default:
              break;
          }
        }
        expect(formatAmount(state.held)).toBe(formatAmount(held));
        expect(formatAmount(state.balance)).toBe(formatAmount(ledger));
        expect(formatAmount(state.held)).toBe(formatAmount([...open.values()].reduce(add, zero(currency))));
      }),
      settings,
    );
    expect(Math.min(...['HeldChargeCaptured', 'HoldVoided', 'HoldExpired'].map((type) => settledBy.get(type) ?? 0))).toBeGreaterThan(5);
  });
});
