// The evidence of a fraud alert, as GET /v1/fraud/alerts answers it. Stored alerts keep their
// details as the rule wrote them (FraudAlertRaised stores an open record), so the schema names the
// fields each rule writes (projections/fraud/rules/) and their types, and stays open to more:
// an alert stored by an older rule version must still conform.
import type { JsonSchema } from './json-schema.ts';

const integer = (description: string): JsonSchema => ({ type: 'integer', description });
const object = (description: string): JsonSchema => ({ type: 'object', description });
const text = (description: string): JsonSchema => ({ type: 'string', description });
const list = (description: string): JsonSchema => ({ type: 'array', items: { type: 'object' }, description });

export const alertDetailsSchema: JsonSchema = {
  type: 'object',
  description: 'The evidence the rule saw; which fields appear depends on the alert\'s rule (docs/fraud.md).',
  required: ['triggeredAt'],
  properties: {
    triggeredAt: { type: 'string', pattern: '^[0-9]+$', description: 'global position of the event that triggered the alert' },
    windowMs: integer('velocity, shared-device: the window the rule counts in'),
    count: integer('velocity: charges in the window'),
    total: object('velocity: {amount, currency} charged in the window'),
    charges: list('velocity: the charges counted ({chargeId, amount, position})'),
    deviceId: text('shared-device, fresh-device-large-charge: the device'),
    accounts: list('shared-device: the accounts that used the device ({accountId, how, position})'),
    homeCountry: text('foreign-login-new-device: the account\'s home country'),
    login: object('foreign-login-new-device: the foreign login from a new device'),
    followUp: object('foreign-login-new-device: what followed the login'),
    registered: object('fresh-device-large-charge: when the device was registered ({occurredAt, position})'),
    verifiedAt: text('fresh-device-large-charge: when the device was verified'),
    charge: object('fresh-device-large-charge: the large charge ({chargeId, amount, currency, position})'),
    minutesAfterRegistration: integer('fresh-device-large-charge: minutes from registration to the charge'),
    from: object('impossible-travel: the earlier place ({place, occurredAt, position})'),
    to: object('impossible-travel: the later place ({place, occurredAt, position})'),
    distanceKm: integer('impossible-travel: distance between the places'),
    elapsedMinutes: integer('impossible-travel: minutes between the two events'),
    speedKmPerHour: { description: 'impossible-travel: the speed needed, an integer or "infinite"' },
  },
  additionalProperties: true,
};
