// The body of POST /v1/incidents, as the contract spells it, with its io-ts codec. The window is
// half-open [from, to) on the charges' occurredAt. A criterion left out does not restrict; a
// criterion given must match (an empty list matches nothing).
import * as t from 'io-ts';
import { incidentRunOptional, incidentRunRequired } from './incident-criteria.ts';

// An incident run (incident-criteria.ts) and how to run it.
export const IncidentRequestCodec = t.exact(
  t.intersection([
    t.type(incidentRunRequired),
    // after: a dry run's review cursor (incident-review.ts); not part of the incident's identity.
    t.partial({ ...incidentRunOptional, dryRun: t.boolean, after: t.string }),
  ]),
);
export type IncidentRequest = t.TypeOf<typeof IncidentRequestCodec>;
