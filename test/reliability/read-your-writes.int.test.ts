// Read-your-writes on the fraud alerts: a client passes the position its command was answered as
// `waitFor`. Every position the store has written must be reachable by the fraud detector's
// projection, whatever the event's type.
import { describe, expect, it } from 'vitest';
import { memoryLedgerProjections } from '../../adapters/app/projections-setup.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import type { EventStore } from '../../domain/ports/event-store.ts';
import { fraudDetectorProjectionName } from '../../projections/fraud/fraud-detector-projection.ts';
import { createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { fixedClock, fundedAccount, testApp } from '../adapters/http/http-fixtures.ts';

const caughtUp = async (store: EventStore, timeoutMs: number): Promise<string> => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store, persistence: built.persistence, projections: built.projections });
  runner.start();
  try {
    return (await runner.waitFor(fraudDetectorProjectionName, await store.headPosition(), timeoutMs)).kind;
  } finally {
    await runner.stop();
  }
};

describe('fraud alerts: waitFor', () => {
  it('reaches the position of the last charge', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    const { call } = await testApp({ store });
    await fundedAccount(call, 'acc-1', '1000');
    const charge = await call('payments', 'POST', '/v1/accounts/acc-1/charges', {
      chargeId: 'c-1', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: '2024-05-01T10:00:00+09:00',
    });
    expect(charge.statusCode).toBe(201);
    expect(await caughtUp(store, 2_000)).toBe('caught_up');
  });

  // Was a bug: the detector's checkpoint only moved to the last event of a type it reads, so
  // GET /v1/fraud/alerts?waitFor=<a top-up's position> answered 503 projection_behind forever.
  it('reaches the position of a top-up, an event type the detector does not read', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    const { call } = await testApp({ store });
    await fundedAccount(call, 'acc-1', '1000');
    expect(await caughtUp(store, 500)).toBe('caught_up');
  });
});
