// The body of POST /v1/incidents, as the contract spells it, with its io-ts codec. The window is
// half-open [from, to) on the charges' occurredAt. A criterion left out does not restrict; a
// criterion given must match (an empty list matches nothing).
import * as t from 'io-ts';
import { IncidentId, Text } from '../ids.ts';
import { IncidentCriteriaCodec, IncidentWindowCodec } from './incident-criteria.ts';
import { InstantCodec } from '../instant.ts';

export const IncidentRequestCodec = t.exact(
  t.intersection([
    t.type({ incidentId: IncidentId, description: Text, window: IncidentWindowCodec, criteria: IncidentCriteriaCodec }),
    // after: a dry run's review cursor (incident-review.ts); not part of the incident's identity.
    t.partial({ dryRun: t.boolean, occurredAt: InstantCodec, after: t.string }),
  ]),
);
export type IncidentRequest = t.TypeOf<typeof IncidentRequestCodec>;
