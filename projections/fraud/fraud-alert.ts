// A fraud alert and the event that records it. Alerts live in their own stream (fraud-alerts), one
// FraudAlertRaised event per alert, never in account streams: they are the fraud team's findings,
// not facts of the wallet. The alert id is derived from the rule, the account and the position of
// the event that triggered it, so re-processing the same events yields the same ids (idempotency).
import { createHash } from 'node:crypto';
import * as t from 'io-ts';
import { AccountId, AlertId } from '../../domain/ids.ts';
import { type Instant, InstantCodec } from '../../domain/instant.ts';
import { type FraudRuleName, fraudRuleNames } from './fraud-rules.ts';

export const fraudAlertStreamId = 'fraud-alerts';
export const fraudAlertRaisedType = 'FraudAlertRaised';

export type AlertDetails = Readonly<Record<string, unknown>>;

export type FraudAlert = Readonly<{
  alertId: AlertId;
  accountId: AccountId;
  rule: FraudRuleName;
  occurredAt: Instant;
  // The global position of the event that triggered the alert.
  triggeredAt: bigint;
  details: AlertDetails;
}>;

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

const RuleNameCodec = t.keyof(Object.fromEntries(fraudRuleNames.map((name) => [name, null])) as Record<FraudRuleName, null>);

const PositionCodec = new t.Type<bigint, string, unknown>(
  'Position',
  (value): value is bigint => typeof value === 'bigint',
  (input, context) =>
    typeof input === 'string' && /^[1-9][0-9]{0,19}$/.test(input) ? t.success(BigInt(input)) : t.failure(input, context, 'a position'),
  (position) => position.toString(),
);

// The stored shape of FraudAlertRaised. It never changes: a new need gets a new event type.
export const FraudAlertRaisedData = t.exact(
  t.type({
    alertId: AlertId,
    accountId: AccountId,
    rule: RuleNameCodec,
    occurredAt: InstantCodec,
    triggeredAt: PositionCodec,
    details: t.UnknownRecord,
  }),
);

// On the wire (GET /v1/fraud/alerts) the position stays internal to the evidence.
export const alertToJson = (alert: FraudAlert) => ({
  alertId: alert.alertId,
  accountId: alert.accountId,
  rule: alert.rule,
  occurredAt: alert.occurredAt,
  details: { ...alert.details, triggeredAt: alert.triggeredAt.toString() },
});
