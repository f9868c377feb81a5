// One incident release of an open hold that matches the incident, through the one command path: a
// HoldVoided tagged with the incident. Idempotent by construction: every run of an incident voids
// with the same reason, incidentId and occurredAt (the declaration's), so a re-run is answered the
// original void; a hold settled otherwise meanwhile (captured, voided, expired, or past its expiry
// by the ledger's clock) answers charge_not_held or another void's idempotency_conflict and is
// left as it is: it is not the incident's to release.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { IncidentId, Text } from '../../domain/ids.ts';
import { type Instant, instantFromEpochMs } from '../../domain/instant.ts';
import type { OpenHold } from '../../projections/incidents/selected-charge.ts';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { type Clock, systemClock } from '../event-store/recorded-at.ts';

export type ReleaseOutcome = 'released' | 'already_released_by_incident' | 'settled_by_other_means';

export const releaseForIncident = async (
  deps: Readonly<{ handle: CommandHandler; clock?: Clock | undefined; issuedBy?: string | undefined }>,
  hold: OpenHold,
  incident: Readonly<{ incidentId: IncidentId; reason: Text; occurredAt: Instant }>,
): Promise<ReleaseOutcome> => {
  const ledgerTime = instantFromEpochMs((deps.clock ?? systemClock).now().getTime());
  const outcome = await deps.handle({ kind: 'VoidHold', ...hold, ...incident, ledgerTime }, deps.issuedBy);
  if (!isLeft(outcome)) return outcome.right.replayed ? 'already_released_by_incident' : 'released';
  const failure = outcome.left;
  if (failure.kind === 'rejected' && (failure.rejection.code === 'charge_not_held' || failure.rejection.code === 'idempotency_conflict')) {
    return 'settled_by_other_means';
  }
  const why =
    failure.kind === 'rejected' ? failure.rejection.code
    : failure.kind === 'retries_exhausted' ? `retries exhausted after ${failure.attempts} attempts`
    : `account busy (more than ${failure.pendingMax} commands waiting); re-run the incident to resume`;
  throw new Error(`incident ${incident.incidentId}: releasing the hold ${hold.chargeId} of ${hold.accountId} failed: ${why}`);
};
