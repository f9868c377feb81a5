// Declares an incident before its reversals (see domain/incidents/incident-declared.ts):
// the first run appends the declaration; a re-run with the same selection reads it back and resumes
// with the declared reversal time (a re-run may leave occurredAt out); the same id with another
// selection or another explicit occurredAt is an idempotency conflict.
import { type Either, isLeft, left, right } from 'fp-ts/lib/Either.js';
import type { IncidentId } from '../../domain/ids.ts';
import { type Instant, instantFromEpochMs } from '../../domain/instant.ts';
import {
  IncidentDeclaredData, incidentDeclaredType, incidentStreamId, sameIncident,
} from '../../domain/incidents/incident-declared.ts';
import type { IncidentRequest } from '../../domain/incidents/incident-request.ts';
import { type EventStore, type GlobalPosition, StoreCorruptedError, expectNoStream } from '../../domain/ports/event-store.ts';
import { type Clock, systemClock } from '../event-store/recorded-at.ts';

export type IncidentConflict = Readonly<{ code: 'idempotency_conflict'; message: string }>;
// What every run of a declared incident shares: its reversals' valid time, and the place of its
// declaration in the store, as known at which its selection is made (a re-run selects nothing new).
export type Declared = Readonly<{ reversalsOccurredAt: Instant; knownBefore: GlobalPosition }>;
type Declaration = IncidentDeclaredData & Readonly<{ position: GlobalPosition }>;

export const readDeclaration = async (store: EventStore, incidentId: IncidentId): Promise<Declaration | undefined> => {
  const [stored] = await store.readStream(incidentStreamId(incidentId), { fromRevision: 0, limit: 1 });
  if (stored === undefined) return undefined;
  const decoded = IncidentDeclaredData.decode(stored.data);
  if (stored.type !== incidentDeclaredType || isLeft(decoded)) {
    throw new StoreCorruptedError(`incident ${incidentId}: the first event of its stream is not a valid declaration`);
  }
  return { ...decoded.right, position: stored.position };
};

const conflictOrResume = (declared: Declaration, request: IncidentRequest): Either<IncidentConflict, Declared> =>
  sameIncident(declared, request)
    ? right({ reversalsOccurredAt: declared.reversalsOccurredAt, knownBefore: declared.position })
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
): Promise<Either<IncidentConflict, Declared>> => {
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
  const position = outcome.kind === 'appended' ? outcome.events[0]?.position : undefined;
  if (position !== undefined) return right({ reversalsOccurredAt: data.reversalsOccurredAt, knownBefore: position });
  // Another run declared it between our read and our append: its declaration decides.
  const winner = await readDeclaration(store, request.incidentId);
  if (winner === undefined) throw new Error(`incident ${request.incidentId}: declaration conflict but no declaration`);
  return conflictOrResume(winner, request);
};
