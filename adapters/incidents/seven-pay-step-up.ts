// The 7pay-like day played again with step-up on (`npm run demo`): every charge goes through the
// one command path with the demo's step-up rules and a client that supports step-up. The attackers
// log in from abroad minutes before they charge, so their charges are held for the account
// holder's step-up, which never comes: the holds expire and the victims keep their money. The
// customers' everyday charges (and the honest customer's new phone, at home) go through at once.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createCommandHandler } from '../command-handling/command-handler.ts';
import { createMemoryEventStore } from '../event-store/memory-event-store.ts';
import type { Command } from '../../domain/commands.ts';
import { accountStreamId } from '../../domain/events.ts';
import { fold } from '../../domain/evolve.ts';
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import { initialState } from '../../domain/state.ts';
import { toLedgerEvent } from '../event-store/ledger-events.ts';
import type { Instant } from '../../domain/instant.ts';
import { formatAmount, subtract } from '../../domain/money.ts';
import type { StepUpRules } from '../../domain/step-up.ts';
import { stepUpRulesFrom } from '../cli/step-up-rules-file.ts';
import type { SevenPayDay } from './seven-pay-scenario.ts';

// The demo's rules file (as LEDGER_STEP_UP would read it): a login from abroad on the charging
// device in the last hour, or more than the default per-currency threshold (30,000 JPY).
export const sevenPayStepUpFile = { 'foreign-login-recently': { sameDevice: true }, 'amount-over-threshold': {} } as const;

export const sevenPayStepUpRules = (): StepUpRules => {
  const rules = stepUpRulesFrom(sevenPayStepUpFile);
  if (isLeft(rules)) throw new Error(`seven-pay step-up rules: ${rules.left}`);
  return rules.right;
};

export type SevenPayStepUpFacts = Readonly<{
  attackerCharges: number;
  attackerChargesHeld: number;
  customerCharges: number;
  customerChargesHeld: number;
  // Commands the day could not play as written (support's reversal of a charge that was only held).
  refused: number;
  victim: Readonly<{ accountId: string; ledgerBalance: string; availableWhileHeld: string; availableAfterExpiry: string }>;
}>;

const withStepUp = (command: Command, rules: StepUpRules): Command =>
  command.kind === 'ChargeWallet' ? { ...command, stepUp: { rules, supported: true, ledgerTime: command.occurredAt } } : command;

export const playSevenPayWithStepUp = async (day: SevenPayDay): Promise<SevenPayStepUpFacts> => {
  const rules = sevenPayStepUpRules();
  const store = createMemoryEventStore();
  const handle = createCommandHandler(store);
  const fraudulent = new Set<string>(day.fraudulentCharges.map((charge) => charge.chargeId));
  const counts = { attackerCharges: 0, attackerChargesHeld: 0, customerCharges: 0, customerChargesHeld: 0, refused: 0 };
  const holds: Array<Readonly<{ command: Command; expiresAt: Instant }>> = [];
  for (const command of day.commands) {
    const outcome = await handle(withStepUp(command, rules));
    if (isLeft(outcome)) counts.refused += 1;
    if (command.kind !== 'ChargeWallet') continue;
    const attacker = fraudulent.has(command.chargeId);
    const recorded = isRight(outcome) ? outcome.right.recorded : undefined;
    const held = recorded?.type === 'ChargeHeld';
    if (attacker) counts.attackerCharges += 1;
    else counts.customerCharges += 1;
    if (held && attacker) counts.attackerChargesHeld += 1;
    if (held && !attacker) counts.customerChargesHeld += 1;
    if (recorded?.type === 'ChargeHeld') holds.push({ command, expiresAt: recorded.data.holdExpiresAt });
  }
  const victim = day.victims[0];
  if (victim === undefined) throw new Error('seven-pay step-up: the scenario has no victim');
  const balances = async () => {
    let state = initialState();
    for (;;) {
      const page = await store.readStream(accountStreamId(victim), { fromRevision: state.version, limit: pageSizeMax });
      state = fold(page.map(toLedgerEvent), state);
      if (page.length < pageSizeMax) break;
    }
    if (state.status !== 'open') throw new Error(`seven-pay step-up: victim ${victim} was not seeded`);
    return state;
  };
  const whileHeld = await balances();
  // Nobody confirms: the ledger releases each hold at its expiry.
  for (const { command, expiresAt } of holds) {
    if (command.kind === 'ChargeWallet') await handle({ kind: 'ExpireHold', accountId: command.accountId, chargeId: command.chargeId, occurredAt: expiresAt });
  }
  const after = await balances();
  return {
    ...counts,
    victim: {
      accountId: victim,
      ledgerBalance: formatAmount(whileHeld.balance),
      availableWhileHeld: formatAmount(subtract(whileHeld.balance, whileHeld.held)),
      availableAfterExpiry: formatAmount(subtract(after.balance, after.held)),
    },
  };
};
