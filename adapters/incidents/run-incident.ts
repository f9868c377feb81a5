// POST /v1/incidents: one scan of the store in global order (readAll pages, only the event types
// the criteria need) builds the selection; a dry run answers it; a run also appends one reversal
// per selected charge, with bounded concurrency, through the command handler, and releases (voids)
// the open holds that match the criteria.
// Crash-safe and re-runnable: nothing is remembered between runs except the store itself, and a
// charge already reversed by this incident is found as such (in the scan, or by the handler).
import { type Either, isLeft, right } from 'fp-ts/lib/Either.js';
import type { IncidentId, Text } from '../../domain/ids.ts';
import { Text as TextCodec } from '../../domain/ids.ts';
import { IncidentIndex } from '../../projections/incidents/incident-index.ts';
import { incidentSourceTypes } from '../../projections/incidents/incident-source-types.ts';
import { type OpenHold, type SelectedCharge, summarize } from '../../projections/incidents/selected-charge.ts';
import { releaseForIncident } from './release-hold.ts';
import type { IncidentRequest } from '../../domain/incidents/incident-request.ts';
import type { IncidentResult } from '../../projections/incidents/incident-result.ts';
import type { CommandHandler } from '../command-handling/command-handler.ts';
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../event-store/yield-to-event-loop.ts';
import { type Clock, systemClock } from '../event-store/recorded-at.ts';
import { createWorkQueue } from './bounded-pool.ts';
import { decodeCursor, reviewPage } from '../../projections/incidents/incident-review.ts';
import { type IncidentConflict, declareIncident } from './declare-incident.ts';
import { type ReversalOutcome, reverseForIncident } from './reverse-charge.ts';

export type IncidentProgress =
  | Readonly<{ phase: 'scanning'; position: bigint; headPosition: bigint }>
  // outcome: what happened to this charge in this run (a re-run finds most already reversed).
  | Readonly<{ phase: 'reversing'; done: number; total: number; charge: SelectedCharge; outcome: ReversalOutcome }>;

export type IncidentDeps = Readonly<{
  store: EventStore;
  handle: CommandHandler;
  clock?: Clock;
  concurrencyMax?: number;
  // Who runs it (a key id, `cli:<user>`, `system:<job>`): on the declaration and every reversal.
  issuedBy?: string | undefined;
  onProgress?: (progress: IncidentProgress) => void;
  // An approved proposal's pin (four eyes): the selection as known at this store position, even
  // when the declaration comes later (it is appended at the approval).
  selectionKnownBefore?: bigint | undefined;
}>;

export const reversalConcurrencyMaxDefault = 128;

const byAccount = (charges: ReadonlyArray<SelectedCharge>): ReadonlyArray<ReadonlyArray<SelectedCharge>> => {
  const groups = new Map<string, SelectedCharge[]>();
  for (const charge of charges) {
    const group = groups.get(charge.accountId);
    if (group === undefined) groups.set(charge.accountId, [charge]);
    else group.push(charge);
  }
  return [...groups.values()];
};

// The same for every run of an incident, so that identical re-runs are no-ops for the handler.
export const incidentReason = (incidentId: IncidentId): Text => {
  const reason = `incident ${incidentId}`;
  if (!TextCodec.is(reason)) throw new Error(`incident: reason for ${incidentId} is not valid text`);
  return reason;
};

// Scans events up to the head seen at the start: charges appended during the scan are either in
// the selection or not, never half in it, and a busy store cannot keep the scan going forever.
// onFound is awaited after each page with the charges first selected in it (back-pressure).
export const selectIncidentCharges = async (
  deps: Pick<IncidentDeps, 'store' | 'onProgress'>,
  request: IncidentRequest,
  onFound?: (charges: ReadonlyArray<SelectedCharge>) => Promise<void>,
  knownBefore?: bigint,
  onOpenHolds?: (holds: ReadonlyArray<OpenHold>) => void,
): Promise<ReadonlyArray<SelectedCharge>> => {
  const index = new IncidentIndex(request.incidentId, request.window, request.criteria, knownBefore);
  const types = incidentSourceTypes(request.criteria);
  const headPosition = await deps.store.headPosition();
  let after = 0n;
  while (after < headPosition) {
    const page = await deps.store.readAll({ after, limit: pageSizeMax, types });
    const last = page.at(-1);
    if (last === undefined) break;
    for (const stored of page) if (stored.position <= headPosition) index.accept(stored);
    after = last.position;
    deps.onProgress?.({ phase: 'scanning', position: after < headPosition ? after : headPosition, headPosition });
    await onFound?.(index.takeFound());
    await yieldToEventLoop();
  }
  onOpenHolds?.(index.openHolds());
  return index.selected();
};

const pinnedBefore = (declaredBefore: bigint, pinned: bigint | undefined): bigint =>
  pinned !== undefined && pinned < declaredBefore ? pinned : declaredBefore;

// Reversals start while the scan goes on (the scan is the slow part), as each page finds charges.
// A charge found reversed later in the scan (by this incident or by other means) is then also
// answered so by the command handler, whose outcome is the one that counts.
// A run first declares the incident (declare-incident.ts); the same id with another body is
// refused before anything is reversed.
export const runIncident = async (
  deps: IncidentDeps,
  request: IncidentRequest,
): Promise<Either<IncidentConflict, IncidentResult>> => {
  const dryRun = request.dryRun === true;
  const answer = (charges: ReadonlyArray<SelectedCharge>): IncidentResult => ({ incidentId: request.incidentId, ...summarize(charges), dryRun });
  if (dryRun) {
    const charges = await selectIncidentCharges(deps, request);
    // A cursor this code did not write starts from the beginning (the HTTP route refuses it first).
    const after = request.after === undefined ? undefined : decodeCursor(request.after);
    return right({ ...answer(charges), ...reviewPage(charges, after) });
  }
  const declared = await declareIncident(deps.store, request, deps.clock ?? systemClock, deps.issuedBy);
  if (isLeft(declared)) return declared;
  const incident = { incidentId: request.incidentId, reason: incidentReason(request.incidentId), occurredAt: declared.right.reversalsOccurredAt };
  const outcomes = new Map<SelectedCharge, ReversalOutcome>();
  const openHolds: OpenHold[] = [];
  const queue = createWorkQueue(deps.concurrencyMax ?? reversalConcurrencyMaxDefault);
  let found = 0;
  let done = 0;
  const reverse = async (charges: ReadonlyArray<SelectedCharge>): Promise<void> => {
    for (const charge of charges) {
      const outcome = await reverseForIncident(deps, charge, incident);
      outcomes.set(charge, outcome);
      done += 1;
      deps.onProgress?.({ phase: 'reversing', done, total: found, charge, outcome });
    }
  };
  const selected = await selectIncidentCharges(deps, request, async (charges) => {
    found += charges.length;
    // One task per account, its charges in order: commands on one account are serialised by the
    // handler anyway, so concurrency is spent across accounts (whose appends share group commits).
    for (const group of byAccount(charges)) await queue.submit(() => reverse(group));
  }, pinnedBefore(declared.right.knownBefore, deps.selectionKnownBefore), (holds) => openHolds.push(...holds));
  await queue.drain();
  // The open holds that match: released once each (a re-run finds them released by this incident).
  for (const hold of openHolds) await releaseForIncident(deps, hold, incident);
  // A charge reversed by other means before or during the run is not the incident's.
  return right(answer(selected.filter((charge) => outcomes.get(charge) !== 'reversed_by_other_means')));
};
