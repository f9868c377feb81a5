// The query behind GET /v1/fraud/alerts?since=: alerts whose occurredAt is at or after `since`, in
// the order they were raised, at most limit of them.
import type { EventStore } from '../../domain/ports/event-store.ts';
import { pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import type { Instant } from '../../domain/instant.ts';
import { type FraudAlert, fraudAlertStreamId } from '../../domain/alerts/fraud-alert-raised.ts';
import { fromAlertEvent } from './alert-journal.ts';

export const alertsLimitMax = 1000;

export const alertsSince = async (
  store: EventStore,
  since: Instant | undefined,
  limit: number = alertsLimitMax,
): Promise<ReadonlyArray<FraudAlert>> => {
  const wanted = Math.max(1, Math.min(limit, alertsLimitMax));
  const found: FraudAlert[] = [];
  for (let fromRevision = 0; ; fromRevision += pageSizeMax) {
    const page = await store.readStream(fraudAlertStreamId, { fromRevision, limit: pageSizeMax });
    for (const stored of page) {
      const alert = fromAlertEvent(stored);
      if (since === undefined || alert.occurredAt >= since) found.push(alert);
      if (found.length >= wanted) return found;
    }
    if (page.length < pageSizeMax) return found;
    await yieldToEventLoop();
  }
};
