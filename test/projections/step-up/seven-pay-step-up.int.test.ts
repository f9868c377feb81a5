// The 7pay-like day and step-up: `rules what-if` on the day's history holds exactly the attackers'
// charges and none of the customers' (the honest new phone included), and the day played with
// step-up on stops the attack at the hold: nothing is charged, the holds expire, the victim keeps
// the money.
import { describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { playSevenPayWithStepUp, sevenPayStepUpRules } from '../../../adapters/incidents/seven-pay-step-up.ts';
import { amount } from '../../domain/fixtures.ts';
import { stepUpWhatIf } from '../../../projections/step-up/step-up-what-if.ts';

const day = sevenPayDay();
const fraudulent = new Set<string>(day.fraudulentCharges.map((charge) => charge.chargeId));
const customerCharges = day.commands.filter((command) => command.kind === 'ChargeWallet' && !fraudulent.has(command.chargeId));

describe('step-up on the 7pay-like day', () => {
  it('what-if: the demo rules would have held every attacker charge and no customer charge', async () => {
    const store = createMemoryEventStore();
    await runCommands(createCommandHandler(store), day.commands);
    const report = await stepUpWhatIf(store, sevenPayStepUpRules());
    expect(report.chargesScanned).toBe(fraudulent.size + customerCharges.length);
    expect(new Set(report.held.map((held) => held.chargeId))).toEqual(fraudulent);
    expect(report.held.every((held) => held.reasons.includes('foreign-login-recently'))).toBe(true);
    // 60,000 and 50,000 yen are over the 30,000 threshold; 20,000 is not.
    expect(report.heldByRule).toEqual({ 'foreign-login-recently': fraudulent.size, 'amount-over-threshold': (fraudulent.size / 4) * 3 });
    // A threshold under the everyday amounts holds the customers' charges too: the rules are what decides.
    const strict = await stepUpWhatIf(store, { 'amount-over-threshold': { amountMaxByCurrency: { JPY: amount('100') } } });
    expect(strict.held).toHaveLength(fraudulent.size + customerCharges.length);
    // A window with no charges in it reports none.
    expect((await stepUpWhatIf(store, sevenPayStepUpRules(), { to: day.incident.window.from })).chargesScanned).toBe(0);
  });

  it('played with step-up on: the attack stops at the hold and the victim keeps the money', async () => {
    const facts = await playSevenPayWithStepUp(day);
    expect(facts).toMatchObject({
      attackerCharges: fraudulent.size, attackerChargesHeld: fraudulent.size, customerCharges: customerCharges.length, customerChargesHeld: 0,
      // Support's reversal of a charge that was only held: nothing to reverse.
      refused: 1,
    });
    // 200,000 topped up, less the victim's own coffee and lunch.
    expect(facts.victim.ledgerBalance).toBe(facts.victim.availableAfterExpiry);
    expect(Number(facts.victim.availableWhileHeld)).toBe(Number(facts.victim.ledgerBalance) - 190_000);
  });
});
