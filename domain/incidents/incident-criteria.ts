// What an incident selects: a half-open window [from, to) on the charges' occurredAt and the
// criteria a charge must all match. The domain's, since an incident proposal (domain/approvals/)
// carries it in a stored event; incident-request.ts builds the request on it.
import * as t from 'io-ts';
import { AccountId, CountryCode, DeviceId, IncidentId, Text } from '../ids.ts';
import { InstantCodec } from '../instant.ts';

export const criteriaListLengthMax = 10_000;

const boundedList = <C extends t.Mixed>(codec: C, name: string) =>
  t.refinement(t.array(codec), (items) => items.length <= criteriaListLengthMax, `${name} (at most ${criteriaListLengthMax})`);

// A criterion left out does not restrict; a criterion given must match (an empty list matches nothing).
export const IncidentCriteriaCodec = t.exact(
  t.partial({
    deviceIds: boundedList(DeviceId, 'deviceIds'),
    devicesRegisteredInWindow: t.boolean,
    countries: boundedList(CountryCode, 'countries'),
    accountIds: boundedList(AccountId, 'accountIds'),
  }),
);
export type IncidentCriteria = t.TypeOf<typeof IncidentCriteriaCodec>;

export const IncidentWindowCodec = t.refinement(
  t.exact(t.type({ from: InstantCodec, to: InstantCodec })),
  (window) => window.from < window.to,
  'window (from must be before to)',
);
export type IncidentWindow = t.TypeOf<typeof IncidentWindowCodec>;

// An incident as a run names it: its identity, and the reversals' valid time if the caller gave one.
// Its fields, which the request (incident-request.ts) adds to.
export const incidentRunRequired = { incidentId: IncidentId, description: Text, window: IncidentWindowCodec, criteria: IncidentCriteriaCodec };
export const incidentRunOptional = { occurredAt: InstantCodec };

export const IncidentRunCodec = t.exact(t.intersection([t.type(incidentRunRequired), t.partial(incidentRunOptional)]));
export type IncidentRun = t.TypeOf<typeof IncidentRunCodec>;
