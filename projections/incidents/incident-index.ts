// The selection of an incident, built in ONE scan of the store in global order. It must scale to
// millions of events in seconds, so it is a local accumulator with plain Maps (owned by one run,
// never shared) and it looks at raw stored fields first: an event is decoded with its io-ts codec
// only once it is known to matter (a charge that passes every criterion, a reversal of such a
// charge). Stored occurredAt values are canonical instants, so string order is time order.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';
import { ChargeHeld, ChargeReversed, HeldChargeCaptured, type LedgerEventType, WalletCharged } from '../../domain/events.ts';
import type { AccountId, ChargeId, DeviceId, IncidentId } from '../../domain/ids.ts';
import type { Instant } from '../../domain/instant.ts';
import { type Money, totalsByCurrency } from '../../domain/money.ts';
import type { IncidentCriteria, IncidentWindow } from '../../domain/incidents/incident-criteria.ts';

export type SelectedCharge = {
  readonly accountId: AccountId;
  readonly chargeId: ChargeId;
  readonly deviceId: DeviceId;
  readonly amount: Money;
  readonly occurredAt: Instant;
  readonly position: bigint;
  // Set when a reversal of the charge is seen: by this incident, or by other means.
  reversedBy?: 'this' | 'other';
};

export type OpenHold = Readonly<{ accountId: AccountId; chargeId: ChargeId }>;

export type IncidentSummary = Readonly<{ charges: number; accounts: number; total: Readonly<Record<string, string>> }>;

// Only the event types the given criteria need are read at all.
export const incidentSourceTypes = (criteria: IncidentCriteria): ReadonlyArray<LedgerEventType> => [
  'WalletCharged',
  'ChargeHeld',
  'HeldChargeCaptured',
  'HoldVoided',
  'HoldExpired',
  'ChargeReversed',
  ...(criteria.devicesRegisteredInWindow === true ? (['DeviceRegistered'] as const) : []),
  ...(criteria.countries !== undefined ? (['LoginRecorded'] as const) : []),
];

const rawString = (data: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};
const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

const corrupted = (stored: StoredEvent): StoreCorruptedError =>
  new StoreCorruptedError(`event ${stored.streamId}@${stored.revision} (position ${stored.position}) of type ${stored.type} does not decode`);

export class IncidentIndex {
  private readonly accountIds: ReadonlySet<string> | undefined;
  private readonly deviceIds: ReadonlySet<string> | undefined;
  private readonly countries: ReadonlySet<string> | undefined;
  private readonly registeredInWindow = new Set<string>();
  // Per device: the earliest successful login from one of the criteria's countries.
  private readonly foreignLogins = new Map<string, string>();
  private readonly candidates = new Map<string, SelectedCharge>();
  // Holds that match the criteria (judged at the hold's occurredAt), selected once captured.
  private readonly holds = new Map<string, Omit<SelectedCharge, 'amount' | 'position'>>();
  private found: SelectedCharge[] = [];

  constructor(
    private readonly incidentId: IncidentId,
    private readonly window: IncidentWindow,
    private readonly criteria: IncidentCriteria,
    // The selection as known when the incident was declared: charges, logins and registrations
    // stored after this position (the declaration's) never join it. Positions, not recordedAt: two
    // events can share a millisecond, never a position. Reversals always count: they only take out.
    private readonly knownBefore?: bigint,
  ) {
    this.accountIds = criteria.accountIds === undefined ? undefined : new Set(criteria.accountIds);
    this.deviceIds = criteria.deviceIds === undefined ? undefined : new Set(criteria.deviceIds);
    this.countries = criteria.countries === undefined ? undefined : new Set(criteria.countries);
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
        return this.registered(stored);
      case 'LoginRecorded':
        return this.loggedIn(stored);
      default:
        return undefined;
    }
  }

  private inWindow(occurredAt: string): boolean {
    return occurredAt >= this.window.from && occurredAt < this.window.to;
  }

  private registered(stored: StoredEvent): void {
    const key = pairKey(rawString(stored.data, 'accountId') ?? '', rawString(stored.data, 'deviceId') ?? '');
    // The latest registration of the device to the account is the one a later charge relies on.
    if (this.inWindow(stored.occurredAt)) this.registeredInWindow.add(key);
    else this.registeredInWindow.delete(key);
  }

  private loggedIn(stored: StoredEvent): void {
    const country = rawString(stored.data, 'country');
    const deviceId = rawString(stored.data, 'deviceId');
    if (rawString(stored.data, 'outcome') !== 'succeeded' || country === undefined || deviceId === undefined) return;
    if (this.countries?.has(country) !== true) return;
    const earliest = this.foreignLogins.get(deviceId);
    if (earliest === undefined || stored.occurredAt < earliest) this.foreignLogins.set(deviceId, stored.occurredAt);
  }

  private matches(stored: StoredEvent): boolean {
    const accountId = rawString(stored.data, 'accountId') ?? '';
    const deviceId = rawString(stored.data, 'deviceId') ?? '';
    if (this.accountIds !== undefined && !this.accountIds.has(accountId)) return false;
    if (this.deviceIds !== undefined && !this.deviceIds.has(deviceId)) return false;
    if (this.criteria.devicesRegisteredInWindow === true && !this.registeredInWindow.has(pairKey(accountId, deviceId))) return false;
    if (this.countries !== undefined) {
      const login = this.foreignLogins.get(deviceId);
      if (login === undefined || login > stored.occurredAt) return false;
    }
    return true;
  }

  private charged(stored: StoredEvent): void {
    if (!this.inWindow(stored.occurredAt) || !this.matches(stored)) return;
    const decoded = WalletCharged.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    const { accountId, chargeId, deviceId, amount, occurredAt } = decoded.right.data;
    if (!this.inWindow(occurredAt)) return;
    const charge: SelectedCharge = { accountId, chargeId, deviceId, amount, occurredAt, position: stored.position };
    this.candidates.set(pairKey(accountId, chargeId), charge);
    this.found.push(charge);
  }

  // A captured hold is a charge selected by the hold's occurredAt; a hold released is never one.
  private held(stored: StoredEvent): void {
    if (!this.inWindow(stored.occurredAt) || !this.matches(stored)) return;
    const decoded = ChargeHeld.decode({ type: stored.type, data: stored.data });
    if (isLeft(decoded)) throw corrupted(stored);
    const { accountId, chargeId, deviceId, occurredAt } = decoded.right.data;
    if (this.inWindow(occurredAt)) this.holds.set(pairKey(accountId, chargeId), { accountId, chargeId, deviceId, occurredAt });
  }

  private captured(stored: StoredEvent): void {
    const key = pairKey(rawString(stored.data, 'accountId') ?? '', rawString(stored.data, 'chargeId') ?? '');
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
    this.holds.delete(pairKey(rawString(stored.data, 'accountId') ?? '', rawString(stored.data, 'chargeId') ?? ''));
  }

  private reversed(stored: StoredEvent): void {
    const key = pairKey(rawString(stored.data, 'accountId') ?? '', rawString(stored.data, 'chargeId') ?? '');
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

export const summarize = (charges: ReadonlyArray<SelectedCharge>): IncidentSummary => ({
  charges: charges.length,
  accounts: new Set(charges.map((charge) => charge.accountId)).size,
  total: totalsByCurrency(charges.map((charge) => charge.amount)),
});
