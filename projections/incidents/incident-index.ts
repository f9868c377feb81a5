// The selection of an incident, built in ONE scan of the store in global order. It must scale to
// millions of events in seconds, so it is a local accumulator with plain Maps (owned by one run,
// never shared) and it looks at raw stored fields first (incident-criteria-matcher.ts): an event
// is decoded with its io-ts codec only once it is known to matter (a charge that passes every
// criterion, a reversal of such a charge).
import { isLeft } from 'fp-ts/lib/Either.js';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { ChargeHeld, ChargeReversed, HeldChargeCaptured, WalletCharged } from '../../domain/events.ts';
import type { IncidentId } from '../../domain/ids.ts';
import type { IncidentCriteria, IncidentWindow } from '../../domain/incidents/incident-criteria.ts';
import { IncidentCriteriaMatcher } from './incident-criteria-matcher.ts';
import type { OpenHold, SelectedCharge } from './selected-charge.ts';
import { corrupted, pairKey, storedPairKey } from './stored-fields.ts';

export class IncidentIndex {
  private readonly matcher: IncidentCriteriaMatcher;
  private readonly candidates = new Map<string, SelectedCharge>();
  // Holds that match the criteria (judged at the hold's occurredAt), selected once captured.
  private readonly holds = new Map<string, Omit<SelectedCharge, 'amount' | 'position'>>();
  private found: SelectedCharge[] = [];

  constructor(
    private readonly incidentId: IncidentId,
    window: IncidentWindow,
    criteria: IncidentCriteria,
    // The selection as known when the incident was declared: charges, logins and registrations
    // stored after this position (the declaration's) never join it. Positions, not recordedAt: two
    // events can share a millisecond, never a position. Reversals always count: they only take out.
    private readonly knownBefore?: bigint,
  ) {
    this.matcher = new IncidentCriteriaMatcher(window, criteria);
  }

  accept(stored: StoredEvent): void {
    if (this.knownBefore !== undefined && stored.type !== 'ChargeReversed' && stored.position > this.knownBefore) return;
    switch (stored.type) {
      case 'WalletCharged':
        return this.charged(stored);
      case 'ChargeHeld':
        return this.held(stored);
      case 'HeldChargeCaptured':
        return this.captured(stored);
      case 'HoldVoided':
      case 'HoldExpired':
        return this.released(stored);
      case 'ChargeReversed':
        return this.reversed(stored);
      case 'DeviceRegistered':
        return this.matcher.registered(stored);
      case 'LoginRecorded':
        return this.matcher.loggedIn(stored);
      default:
        return undefined;
    }
  }

  private charged(stored: StoredEvent): void {
    if (!this.matcher.selects(stored)) return;
    const decoded = WalletCharged.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    const { accountId, chargeId, deviceId, amount, occurredAt } = decoded.right.data;
    if (!this.matcher.inWindow(occurredAt)) return;
    const charge: SelectedCharge = { accountId, chargeId, deviceId, amount, occurredAt, position: stored.position };
    this.candidates.set(pairKey(accountId, chargeId), charge);
    this.found.push(charge);
  }

  // A captured hold is a charge selected by the hold's occurredAt; a hold released is never one.
  private held(stored: StoredEvent): void {
    if (!this.matcher.selects(stored)) return;
    const decoded = ChargeHeld.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    const { accountId, chargeId, deviceId, occurredAt } = decoded.right.data;
    if (this.matcher.inWindow(occurredAt)) this.holds.set(pairKey(accountId, chargeId), { accountId, chargeId, deviceId, occurredAt });
  }

  private captured(stored: StoredEvent): void {
    const key = storedPairKey(stored, 'chargeId');
    const hold = this.holds.get(key);
    if (hold === undefined) return;
    const decoded = HeldChargeCaptured.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    this.holds.delete(key);
    const charge: SelectedCharge = { ...hold, amount: decoded.right.data.amount, position: stored.position };
    this.candidates.set(key, charge);
    this.found.push(charge);
  }

  // A released hold is never selected, nor released again by the incident.
  private released(stored: StoredEvent): void {
    this.holds.delete(storedPairKey(stored, 'chargeId'));
  }

  private reversed(stored: StoredEvent): void {
    const key = storedPairKey(stored, 'chargeId');
    const candidate = this.candidates.get(key);
    if (candidate === undefined) return;
    const decoded = ChargeReversed.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    candidate.reversedBy = decoded.right.data.incidentId === this.incidentId ? 'this' : 'other';
  }

  // The charges selected since the last call (a run starts reversing them during the scan).
  takeFound(): ReadonlyArray<SelectedCharge> {
    const found = this.found;
    this.found = [];
    return found;
  }

  // The holds that match the criteria and were still open (as known at knownBefore): an incident
  // run releases them.
  openHolds(): ReadonlyArray<OpenHold> {
    return [...this.holds.values()].map(({ accountId, chargeId }) => ({ accountId, chargeId }));
  }

  // The incident's charges in global order: every candidate not reversed by other means.
  selected(): ReadonlyArray<SelectedCharge> {
    return [...this.candidates.values()].filter((charge) => charge.reversedBy !== 'other');
  }
}
