// One incident reversal through the one command path. Idempotent by construction: the command is
// the same for every run of the incident when occurredAt is the same (the handler then answers the
// original result); when a re-run uses another default "now", the handler refuses with
// charge_already_reversed, and the reversal found on the charge is read back: reversed by THIS
// incident counts as done, by anything else means the charge left the incident.
import { isLeft } from 'fp-ts/lib/Either.js';
import { accountStreamId } from '../../domain/events.ts';
import type { IncidentId, Text } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import type { SelectedCharge } from '../../projections/incidents/selected-charge.ts';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { toLedgerEvent } from '../event-store/ledger-events.ts';

export type ReversalOutcome = 'reversed' | 'already_reversed_by_incident' | 'reversed_by_other_means';

const reversedBy = async (store: EventStore, charge: SelectedCharge, revision: number, incidentId: IncidentId): Promise<ReversalOutcome> => {
  const [stored] = await store.readStream(accountStreamId(charge.accountId), { fromRevision: revision, limit: 1 });
  if (stored === undefined) throw new Error(`incident: reversal of ${charge.chargeId} at revision ${revision} vanished`);
  const event = toLedgerEvent(stored);
  if (event.type !== 'ChargeReversed' || event.data.chargeId !== charge.chargeId) {
    throw new Error(`incident: revision ${revision} of ${charge.accountId} is not the reversal of ${charge.chargeId}`);
  }
  return event.data.incidentId === incidentId ? 'already_reversed_by_incident' : 'reversed_by_other_means';
};

export const reverseForIncident = async (
  deps: Readonly<{ store: EventStore; handle: CommandHandler; issuedBy?: string | undefined }>,
  charge: SelectedCharge,
  incident: Readonly<{ incidentId: IncidentId; reason: Text; occurredAt: Instant }>,
): Promise<ReversalOutcome> => {
  const { accountId, chargeId } = charge;
  const outcome = await deps.handle({ kind: 'ReverseCharge', accountId, chargeId, ...incident }, deps.issuedBy);
  if (!isLeft(outcome)) return outcome.right.replayed ? 'already_reversed_by_incident' : 'reversed';
  const failure = outcome.left;
  if (failure.kind === 'rejected' && failure.rejection.code === 'charge_already_reversed' && failure.state.status === 'open') {
    const revision = failure.state.charges.get(chargeId)?.reversal?.revision;
    if (revision !== undefined) return reversedBy(deps.store, charge, revision, incident.incidentId);
  }
  const why =
    failure.kind === 'rejected' ? failure.rejection.code
    : failure.kind === 'retries_exhausted' ? `retries exhausted after ${failure.attempts} attempts`
    : `account busy (more than ${failure.pendingMax} commands waiting); re-run the incident to resume`;
  throw new Error(`incident ${incident.incidentId}: reversing ${chargeId} of ${accountId} failed: ${why}`);
};
