// The fraud detector's subscription, ended by a store outage, is resumed (bounded backoff): the
// detector goes on past the events appended during the outage instead of stopping for good.
import { describe, expect, it } from 'vitest';
import { startFraudAlerts } from '../../../adapters/app/fraud-alerts-service.ts';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { flakyStore } from '../../support/flaky-store.ts';
import { opened, toppedUp } from '../../projections/support/ledger-fixtures.ts';

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('the fraud detector over a store that goes away and comes back', () => {
  it('resumes its subscription and catches up with what was appended meanwhile', async () => {
    const inner = createMemoryEventStore();
    const store = flakyStore(inner);
    const alerts = startFraudAlerts(store, createCommandHandler(store), {}, { resumeBackoff: { minMs: 5, maxMs: 20, random: () => 0.5 } });
    await inner.append('account-a', [opened('a')], expectAny);
    expect(await alerts.query.waitFor?.(1n, 10_000)).toBe(true);
    store.down = true;
    await until(() => store.subscriptionsEnded() >= 1);
    await inner.append('account-a', [toppedUp('a', 1, '100', 't-1'), toppedUp('a', 2, '100', 't-2')], expectAny);
    store.down = false;
    expect(await alerts.query.waitFor?.(3n, 10_000)).toBe(true);
    await alerts.stop();
  });
});
