// An incident is declared once, in its own stream, before its first reversal: what it selects,
// why, and the valid time its reversals carry. The declaration makes a re-run with the same body
// a resumption (same reversal time, so the reversals are idempotent no-ops), a re-use of the id
// with another body a conflict, and an unknown incident distinguishable from an empty one.
import * as t from 'io-ts';
import { IncidentId, Text } from '../ids.ts';
import { InstantCodec } from '../instant.ts';
import { IncidentCriteriaCodec } from './incident-criteria.ts';
import type { IncidentRequest } from './incident-request.ts';

export const incidentDeclaredType = 'IncidentDeclared';

export const IncidentDeclaredData = t.exact(
  t.type({
    incidentId: IncidentId,
    description: Text,
    window: t.exact(t.type({ from: InstantCodec, to: InstantCodec })),
    criteria: IncidentCriteriaCodec,
    // The request's own occurredAt, if it gave one: part of the body a re-run must repeat.
    requestedOccurredAt: t.union([InstantCodec, t.null]),
    // The valid time of every reversal of this incident (the request's, or the clock's at declaration).
    reversalsOccurredAt: InstantCodec,
    occurredAt: InstantCodec,
  }),
);
export type IncidentDeclaredData = t.TypeOf<typeof IncidentDeclaredData>;

export const incidentStreamId = (incidentId: IncidentId): string => `incident-${incidentId}`;

const sorted = (values: ReadonlyArray<string> | undefined): ReadonlyArray<string> | null =>
  values === undefined ? null : [...values].sort();

// Two requests with the same fingerprint select the same charges. (The reversals' time is
// compared apart: a re-run may leave it out and resume with the declared one.)
export const incidentFingerprint = (request: Pick<IncidentRequest, 'description' | 'window' | 'criteria'>): string =>
  JSON.stringify([
    request.description,
    request.window.from,
    request.window.to,
    sorted(request.criteria.deviceIds),
    // false selects exactly what absent selects, so it is the same incident (the contract).
    request.criteria.devicesRegisteredInWindow === true,
    sorted(request.criteria.countries),
    sorted(request.criteria.accountIds),
  ]);

// Same selection, and no other reversal time than the declared one.
export const sameIncident = (declared: IncidentDeclaredData, request: IncidentRequest): boolean =>
  incidentFingerprint(declared) === incidentFingerprint(request) &&
  (request.occurredAt === undefined || request.occurredAt === declared.reversalsOccurredAt);
