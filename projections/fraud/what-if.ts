// What-if: runs a rule set over past events and reports what it would have flagged, writing
// nothing. Every event from the start is folded (rules need history: home countries, known
// devices), but only alerts whose occurredAt falls in [from, to) are reported.
import { type EventStore, pageSizeMax } from '../../domain/ports/event-store.ts';
import { yieldToEventLoop } from '../../adapters/event-store/yield-to-event-loop.ts';
import type { Instant } from '../../domain/instant.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import { fraudSourceEventTypes, initialDetectorState, processBatch } from './fraud-detector.ts';
import type { FraudRules } from './fraud-rules.ts';

export type WhatIfWindow = Readonly<{ from?: Instant; to?: Instant }>;
export type WhatIfReport = Readonly<{ eventsScanned: number; alerts: ReadonlyArray<FraudAlert>; alertsByRule: Readonly<Record<string, number>> }>;

export const whatIfAlertsMax = 100_000;

export const whatIf = async (store: EventStore, rules: FraudRules, window: WhatIfWindow = {}): Promise<WhatIfReport> => {
  const step = processBatch(rules);
  const head = await store.headPosition();
  let state = initialDetectorState();
  let eventsScanned = 0;
  const alerts: FraudAlert[] = [];
  const inWindow = (alert: FraudAlert): boolean =>
    (window.from === undefined || alert.occurredAt >= window.from) && (window.to === undefined || alert.occurredAt < window.to);
  while (state.checkpoint < head) {
    const page = await store.readAll({ after: state.checkpoint, limit: pageSizeMax, types: fraudSourceEventTypes });
    const last = page.at(-1);
    if (last === undefined) break;
    const detection = step(state, page);
    alerts.push(...detection.alerts.filter(inWindow));
    if (alerts.length > whatIfAlertsMax) throw new RangeError(`what-if: more than ${whatIfAlertsMax} alerts; narrow the window`);
    state = { ...detection.state, checkpoint: last.position };
    eventsScanned += page.length;
    await yieldToEventLoop();
  }
  const alertsByRule: Record<string, number> = {};
  for (const alert of alerts) alertsByRule[alert.rule] = (alertsByRule[alert.rule] ?? 0) + 1;
  return { eventsScanned, alerts, alertsByRule };
};
