// A fraud alert and the event that records it. FraudAlertRaised lives in its own stream
// (fraud-alerts), one event per alert, never in account streams: alerts are the fraud team's
// findings, not facts of the wallet. The read side's alert journal keeps rows of the same shape.
import * as t from 'io-ts';
import { AccountId, AlertId } from '../ids.ts';
import { type Instant, InstantCodec } from '../instant.ts';
import { type FraudRuleName, fraudRuleNames } from './fraud-rule-name.ts';

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
