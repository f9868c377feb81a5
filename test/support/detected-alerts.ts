// The alerts the read side's fraud detector raises over a store: the detector projection in
// memory under the one projection runner, caught up with the store's head (as the memory store's
// read side does).
import { expect } from 'vitest';
import type { FraudAlert } from '../../domain/alerts/fraud-alert-raised.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { alertsLimitMax, fraudDetectorProjectionName } from '../../projections/fraud/fraud-detector-projection.ts';
import { createMemoryFraudDetector } from '../../projections/fraud/memory-fraud-detector.ts';
import { createMemoryProjectionPersistence } from '../../projections/runner/memory-projection-persistence.ts';
import { createProjectionRunner } from '../../projections/runner/projection-runner.ts';

export const detectedAlerts = async (store: EventStore): Promise<ReadonlyArray<FraudAlert>> => {
  const detector = createMemoryFraudDetector();
  const runner = createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [detector.projection] });
  const head = await store.headPosition();
  runner.start();
  try {
    expect((await runner.waitFor(fraudDetectorProjectionName, head, 30_000)).kind).toBe('caught_up');
    return detector.alerts.since(undefined, alertsLimitMax);
  } finally {
    await runner.stop();
  }
};
