// Whether a charge or hold matches an incident's criteria, judged at the event in global order:
// the account and device lists, the device's registration to the account within the window, and
// a successful login on the device from one of the criteria's countries no later than the charge.
// Raw stored fields only: nothing is decoded here. Stored occurredAt values are canonical
// instants, so string order is time order.
import type { StoredEvent } from '../../domain/ports/event-store.ts';
import type { IncidentCriteria, IncidentWindow } from '../../domain/incidents/incident-criteria.ts';
import { rawString, storedPairKey } from './stored-fields.ts';

export class IncidentCriteriaMatcher {
  private readonly accountIds: ReadonlySet<string> | undefined;
  private readonly deviceIds: ReadonlySet<string> | undefined;
  private readonly countries: ReadonlySet<string> | undefined;
  private readonly registeredInWindow = new Set<string>();
  // Per device: the earliest successful login from one of the criteria's countries.
  private readonly foreignLogins = new Map<string, string>();

  constructor(
    private readonly window: IncidentWindow,
    private readonly criteria: IncidentCriteria,
  ) {
    this.accountIds = criteria.accountIds === undefined ? undefined : new Set(criteria.accountIds);
    this.deviceIds = criteria.deviceIds === undefined ? undefined : new Set(criteria.deviceIds);
    this.countries = criteria.countries === undefined ? undefined : new Set(criteria.countries);
  }

  inWindow(occurredAt: string): boolean {
    return occurredAt >= this.window.from && occurredAt < this.window.to;
  }

  registered(stored: StoredEvent): void {
    const key = storedPairKey(stored, 'deviceId');
    // The latest registration of the device to the account is the one a later charge relies on.
    if (this.inWindow(stored.occurredAt)) this.registeredInWindow.add(key);
    else this.registeredInWindow.delete(key);
  }

  loggedIn(stored: StoredEvent): void {
    const country = rawString(stored.data, 'country');
    const deviceId = rawString(stored.data, 'deviceId');
    if (rawString(stored.data, 'outcome') !== 'succeeded' || country === undefined || deviceId === undefined) return;
    if (this.countries?.has(country) !== true) return;
    const earliest = this.foreignLogins.get(deviceId);
    if (earliest === undefined || stored.occurredAt < earliest) this.foreignLogins.set(deviceId, stored.occurredAt);
  }

  // A charge or hold in the window that matches every given criterion.
  selects(stored: StoredEvent): boolean {
    if (!this.inWindow(stored.occurredAt)) return false;
    const accountId = rawString(stored.data, 'accountId') ?? '';
    const deviceId = rawString(stored.data, 'deviceId') ?? '';
    if (this.accountIds !== undefined && !this.accountIds.has(accountId)) return false;
    if (this.deviceIds !== undefined && !this.deviceIds.has(deviceId)) return false;
    if (this.criteria.devicesRegisteredInWindow === true && !this.registeredInWindow.has(storedPairKey(stored, 'deviceId'))) return false;
    if (this.countries !== undefined) {
      const login = this.foreignLogins.get(deviceId);
      if (login === undefined || login > stored.occurredAt) return false;
    }
    return true;
  }
}
