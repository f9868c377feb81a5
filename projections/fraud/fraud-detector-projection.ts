// The fraud detector as a projection of the read side: one name, and what its readers answer.
// Its state (fold of fraud-detector.ts) and its alert journal live in the read models' store,
// written by the projection runner in the batch's transaction; nothing here issues commands (the
// auto-freeze process, adapters/processes/auto-freeze.ts, reads the journal and does).
import type { Instant } from '../../domain/instant.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';

export const fraudDetectorProjectionName = 'fraud-detector';

// The most alerts one read answers (the CLI's --limit; the HTTP route has its page limit).
export const alertsLimitMax = 1000;

export type AlertsReader = Readonly<{
  // Alerts that occurred at or after `since` (all when undefined), in the order raised, at most limit.
  since: (since: Instant | undefined, limit: number) => ReadonlyArray<FraudAlert>;
  // Alerts after the cursor in (triggeredAt, alertId) order, at most limit: the auto-freeze
  // process's pages (several alerts may share a triggering event).
  after: (cursor: AlertCursor | undefined, limit: number) => ReadonlyArray<FraudAlert>;
}>;

export type AlertCursor = Readonly<{ triggeredAt: bigint; alertId: string }>;

export const cursorOf = (alert: FraudAlert): AlertCursor => ({ triggeredAt: alert.triggeredAt, alertId: alert.alertId });

export const isAfter = (alert: FraudAlert, cursor: AlertCursor | undefined): boolean =>
  cursor === undefined || alert.triggeredAt > cursor.triggeredAt || (alert.triggeredAt === cursor.triggeredAt && alert.alertId > cursor.alertId);
