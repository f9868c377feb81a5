// Declares an incident before its reversals (see projections/incidents/incident-declared.ts):
// the first run appends the declaration; a re-run with the same selection reads it back and resumes
// with the declared reversal time (a re-run may leave occurredAt out); the same id with another
// selection or another explicit occurredAt is an idempotency conflict.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { IncidentId } from '../../domain/ids.ts';
import { type Instant, instantFromEpochMs } from '../../domain/instant.ts';
import {
  IncidentDeclaredData, incidentDeclaredType, incidentStreamId, sameIncident,
} from '../../projections/incidents/incident-declared.ts';
import type { IncidentRequest } from '../../projections/incidents/incident-request.ts';
import { type EventStore, StoreCorruptedError, expectNoStream } from '../../domain/ports/event-store.ts';
import { type Clock, systemClock } from '../event-store/recorded-at.ts';

export type IncidentConflict = Readonly<{ code: 'idempotency_conflict'; message: string }>;

export const readDeclaration = async (store: EventStore, incidentId: IncidentId): Promise<IncidentDeclaredData | undefined> => {
  const [stored] = await store.readStream(incidentStreamId(incidentId), { fromRevision: 0, limit: 1 });
  if (stored === undefined) return undefined;
  const decoded = IncidentDeclaredData.decode(stored.data);
  if (stored.type !== incidentDeclaredType || isLeft(decoded)) {
    throw new StoreCorruptedError(`incident ${incidentId}: the first event of its stream is not a valid declaration`);
  }
  return decoded.right;
};

const conflictOrResume = (declared: IncidentDeclaredData, request: IncidentRequest): Either<IncidentConflict, Instant> =>
  sameIncident(declared, request)
    ? right(declared.reversalsOccurredAt)
    : left({
        code: 'idempotency_conflict',
        message: `Incident ${request.incidentId} was already run with a different body.`,
      });

// Answers the valid time the incident's reversals carry.
export const declareIncident = async (
  store: EventStore,
  request: IncidentRequest,
  clock: Clock = systemClock,
  issuedBy?: string,
): Promise<Either<IncidentConflict, Instant>> => {
  const existing = await readDeclaration(store, request.incidentId);
  if (existing !== undefined) return conflictOrResume(existing, request);
  const now = instantFromEpochMs(clock.now().getTime());
  const data: IncidentDeclaredData = {
    incidentId: request.incidentId,
    description: request.description,
    window: request.window,
    criteria: request.criteria,
    requestedOccurredAt: request.occurredAt ?? null,
    reversalsOccurredAt: request.occurredAt ?? now,
    occurredAt: now,
  };
  const outcome = await store.append(
    incidentStreamId(request.incidentId),
    [{ type: incidentDeclaredType, data: IncidentDeclaredData.encode(data), occurredAt: now, metadata: issuedBy === undefined ? {} : { issuedBy } }],
    expectNoStream,
  );
  if (outcome.kind === 'appended') return right(data.reversalsOccurredAt);
  // Another run declared it between our read and our append: its declaration decides.
  const winner = await readDeclaration(store, request.incidentId);
  if (winner === undefined) throw new Error(`incident ${request.incidentId}: declaration conflict but no declaration`);
  return conflictOrResume(winner, request);
};
