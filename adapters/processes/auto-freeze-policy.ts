// The optional auto-freeze policy: LEDGER_FRAUD_AUTO_FREEZE names the rules (comma-separated)
// whose alerts freeze the account at once. Off by default. The freeze goes through the one command
// path as a FreezeAccount naming the alert, so it is recorded as an AccountFrozen with alertId.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { Text } from '../../domain/ids.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import { type FraudRuleName, fraudRuleNames, isFraudRuleName } from '../../domain/alerts/fraud-rule-name.ts';

export const autoFreezeVariable = 'LEDGER_FRAUD_AUTO_FREEZE';

export type AutoFreezePolicy = ReadonlySet<FraudRuleName>;

export const noAutoFreeze: AutoFreezePolicy = new Set();

export const parseAutoFreeze = (value: string | undefined): Either<string, AutoFreezePolicy> => {
  const names = (value ?? '').split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !isFraudRuleName(name));
  if (unknown.length > 0) {
    return left(`${autoFreezeVariable}: unknown rule(s) ${unknown.join(', ')}; known: ${fraudRuleNames.join(', ')}`);
  }
  return right(new Set(names.filter(isFraudRuleName)));
};

// Freezes the account of every alert the policy names. The FreezeAccount names the alert, and the
// decider records one freeze per alert whoever asks (a second instance, a restart, a re-read of
// the journal): asked again, it is answered as a replay and appends nothing.
export const freezeForAlerts = async (
  handle: CommandHandler,
  policy: AutoFreezePolicy,
  alerts: ReadonlyArray<FraudAlert>,
): Promise<number> => {
  let frozen = 0;
  for (const alert of alerts) {
    if (!policy.has(alert.rule)) continue;
    const reason = Text.decode(`fraud alert ${alert.alertId} (${alert.rule})`);
    if (isLeft(reason)) throw new Error(`auto-freeze: reason for ${alert.alertId} is not valid text`);
    const { accountId, alertId, occurredAt } = alert;
    // Issued by the rule itself (the contract's `system:<rule>`), not by any caller.
    const outcome = await handle({ kind: 'FreezeAccount', accountId, reason: reason.right, alertId, occurredAt }, `system:${alert.rule}`);
    if (isLeft(outcome)) {
      throw new Error(`auto-freeze: freezing ${accountId} for ${alertId} failed: ${JSON.stringify(outcome.left.kind)}`);
    }
    if (!outcome.right.replayed) frozen += 1;
  }
  return frozen;
};
