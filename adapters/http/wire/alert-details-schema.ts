// The evidence of a fraud alert, as GET /v1/fraud/alerts answers it, per rule: each rule's details
// (projections/fraud/rules/) named and typed, told apart by the alert's `rule`. Stored alerts keep
// their details as the rule wrote them (FraudAlertRaised stores an open record), so each schema
// requires only what its rule always writes and stays open to more.
import { type FraudRuleName, fraudRuleNames } from '../../../domain/alerts/fraud-rule-name.ts';
import { named } from './named-schema.ts';
import type { JsonSchema } from './json-schema.ts';

const integer = (description: string): JsonSchema => ({ type: 'integer', description });
const object = (description: string): JsonSchema => ({ type: 'object', description });
const text = (description: string): JsonSchema => ({ type: 'string', description });
const list = (description: string): JsonSchema => ({ type: 'array', items: { type: 'object' }, description });
const triggeredAt: JsonSchema = { type: 'string', pattern: '^[0-9]+$', description: 'global position of the event that triggered the alert' };

const details = (required: ReadonlyArray<string>, properties: Readonly<Record<string, JsonSchema>>): JsonSchema => ({
  type: 'object',
  required: ['triggeredAt', ...required],
  properties: { triggeredAt, ...properties },
  additionalProperties: true,
});

const detailsByRule: Readonly<Record<FraudRuleName, JsonSchema>> = {
  'foreign-login-new-device': details(['login', 'followUp'], {
    homeCountry: text("the account's home country, when known"),
    login: object('the foreign login from a new device ({loginId, deviceId, country, occurredAt, position})'),
    followUp: object('what followed the login ({occurredAt, position, ...})'),
  }),
  'shared-device': details(['deviceId', 'windowMs', 'accounts'], {
    deviceId: text('the device'),
    windowMs: integer('the window the rule counts in'),
    accounts: list('the accounts that used the device ({accountId, how, position})'),
  }),
  velocity: details(['windowMs', 'count', 'total', 'charges'], {
    windowMs: integer('the window the rule counts in'),
    count: integer('charges in the window'),
    total: object('{amount, currency} charged in the window'),
    charges: list('the charges counted ({chargeId, amount, position})'),
  }),
  'impossible-travel': details(['from', 'to', 'distanceKm', 'elapsedMinutes', 'speedKmPerHour'], {
    from: object('the earlier place ({place, occurredAt, position})'),
    to: object('the later place ({place, occurredAt, position})'),
    distanceKm: integer('distance between the places'),
    elapsedMinutes: integer('minutes between the two events'),
    speedKmPerHour: { description: 'the speed needed: an integer, or "infinite"' },
  }),
  'fresh-device-large-charge': details(['deviceId', 'registered', 'charge', 'minutesAfterRegistration'], {
    deviceId: text('the device'),
    registered: object('when the device was registered ({occurredAt, position})'),
    verifiedAt: text('when the device was verified, if it was'),
    charge: object('the large charge ({chargeId, amount, currency, position})'),
    minutesAfterRegistration: integer('minutes from registration to the charge'),
  }),
};

const componentName = (rule: FraudRuleName): string =>
  `${rule.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}Alert`;

const alertOf = (rule: FraudRuleName): JsonSchema =>
  named(componentName(rule), {
    type: 'object',
    required: ['alertId', 'accountId', 'rule', 'occurredAt', 'details'],
    properties: {
      alertId: { type: 'string' },
      accountId: { type: 'string' },
      rule: { type: 'string', enum: [rule] },
      occurredAt: { type: 'string' },
      details: detailsByRule[rule],
    },
  });

// One alert: one schema per rule, told apart by `rule`.
export const fraudAlertSchema: JsonSchema = named('FraudAlert', {
  oneOf: fraudRuleNames.map(alertOf),
  discriminator: {
    propertyName: 'rule',
    mapping: Object.fromEntries(fraudRuleNames.map((rule) => [rule, `#/components/schemas/${componentName(rule)}`])),
  },
});
