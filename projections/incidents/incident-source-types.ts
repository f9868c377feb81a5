// The event types an incident scan reads: charges, holds and reversals always, registrations and
// logins only when a criterion needs them (a scan of millions of events skips the rest).
import type { LedgerEventType } from '../../domain/events.ts';
import type { IncidentCriteria } from '../../domain/incidents/incident-criteria.ts';

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
