// How the detector makes a fraud alert (its shape and event: domain/alerts/fraud-alert-raised.ts).
// The alert id is derived from the rule, the account and the position of the event that triggered
// it, so re-processing the same events yields the same ids (idempotency).
import { createHash } from 'node:crypto';
import { type AccountId, AlertId } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import type { AlertDetails, FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import type { FraudRuleName } from '../../domain/alerts/fraud-rule-name.ts';

const idLengthMax = 128;

export const alertIdOf = (rule: FraudRuleName, accountId: AccountId, triggeredAt: bigint): AlertId => {
  const readable = `${rule}:${triggeredAt}:${accountId}`;
  // Account ids may be up to 128 characters: past the id limit, a digest keeps the id unique.
  const id = readable.length <= idLengthMax
    ? readable
    : `${rule}:${triggeredAt}:h${createHash('sha256').update(accountId, 'utf8').digest('hex').slice(0, 40)}`;
  if (!AlertId.is(id)) throw new Error(`fraud alert: derived id ${id} breaks the id rule`);
  return id;
};

export const makeAlert = (
  rule: FraudRuleName,
  accountId: AccountId,
  occurredAt: Instant,
  triggeredAt: bigint,
  details: AlertDetails,
): FraudAlert => ({ alertId: alertIdOf(rule, accountId, triggeredAt), accountId, rule, occurredAt, triggeredAt, details });

// On the wire (GET /v1/fraud/alerts) the position stays internal to the evidence.
export const alertToJson = (alert: FraudAlert) => ({
  alertId: alert.alertId,
  accountId: alert.accountId,
  rule: alert.rule,
  occurredAt: alert.occurredAt,
  details: { ...alert.details, triggeredAt: alert.triggeredAt.toString() },
});
