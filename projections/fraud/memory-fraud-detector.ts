// The fraud detector as a projection in memory, for the memory store (its read side is rebuilt from
// the store at every start, like the store itself). A failed batch leaves state and journal as they were.
import type { MemoryTransaction } from '../runner/memory-projection-persistence.ts';
import type { Projection } from '../runner/projection.ts';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import { type AlertsReader, fraudDetectorProjectionName, isAfter } from './fraud-detector-projection.ts';
import { fraudSourceEventTypes, initialDetectorState, processBatch } from './fraud-detector.ts';
import { type FraudRules, defaultFraudRules } from './fraud-rules.ts';

export type MemoryFraudDetector = Readonly<{ projection: Projection<MemoryTransaction>; alerts: AlertsReader }>;

export const createMemoryFraudDetector = (rules: FraudRules = defaultFraudRules): MemoryFraudDetector => {
  const step = processBatch(rules);
  let state = initialDetectorState();
  // In the order raised; ids are unique (derived from the triggering position).
  let journal: ReadonlyArray<FraudAlert> = [];
  return {
    projection: {
      name: fraudDetectorProjectionName,
      eventTypes: fraudSourceEventTypes,
      applyBatch: (tx, events) => {
        const before = { state, journal };
        tx.onRollback(() => {
          state = before.state;
          journal = before.journal;
        });
        const detection = step(state, events);
        state = detection.state;
        if (detection.alerts.length > 0) journal = [...journal, ...detection.alerts];
      },
      reset: () => {
        state = initialDetectorState();
        journal = [];
      },
    },
    alerts: {
      since: (since, limit) => journal.filter((alert) => since === undefined || alert.occurredAt >= since).slice(0, limit),
      after: (cursor, limit) => journal.filter((alert) => isAfter(alert, cursor))
        .sort((a, b) => (a.triggeredAt === b.triggeredAt ? (a.alertId < b.alertId ? -1 : 1) : a.triggeredAt < b.triggeredAt ? -1 : 1))
        .slice(0, limit),
    },
  };
};
