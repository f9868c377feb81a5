// GET /ready (no key): 503 not_ready while a projection is more than LEDGER_READY_LAG_MAX events
// behind the head, failed, or the store does not answer; 200 once every projection is within the
// bound. /metrics shows each projection's lag and the event loop's delay (p99, max).
import { describe, expect, it } from 'vitest';
import { ledgerProjectionNames, memoryLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import { readinessOf } from '../../../adapters/app/readiness.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { StoreUnavailableError } from '../../../domain/ports/event-store.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { errorShape, fixedClock, fundedAccount, testApp } from './http-fixtures.ts';

describe('GET /ready', () => {
  it('flips from 503 not_ready to 200 when the read side comes within the lag bound', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    const built = memoryLedgerProjections();
    const runner = createProjectionRunner({ store, persistence: built.persistence, projections: built.projections });
    const { app, call } = await testApp({ store, readiness: readinessOf(store, runner.statuses, 2, true) });
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    await fundedAccount(call, 'acc-1', '1000');
    const behind = await app.inject({ method: 'GET', url: '/ready' });
    expect([behind.statusCode, errorShape(behind).code]).toEqual([503, 'not_ready']);
    expect(behind.json().error.details.projections.balance).toEqual({ state: 'stopped', checkpoint: '0', head: '4', lag: 4 });
    expect(behind.json().error.message).toContain('balance (4 events behind)');
    const metrics = await call('admin', 'GET', '/metrics');
    expect(metrics.body).toContain('ledger_projection_lag_events{projection="balance"} 4');
    expect(metrics.body).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
    expect(metrics.body).toMatch(/nodejs_eventloop_lag_max_seconds \d/);
    // Every projection of the read side, the fraud detector and the holds view included.
    expect(Object.keys(behind.json().error.details.projections).sort()).toEqual(
      ['balance', 'chain-verification', 'fraud-detector', 'open-holds', 'reimbursements'].sort(),
    );
    expect(behind.json().error.details.projections['fraud-detector'].lag).toBe(4);
    runner.start();
    for (const name of ledgerProjectionNames) expect((await runner.waitFor(name, 4n, 10_000)).kind).toBe('caught_up');
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      projections: Object.fromEntries(ledgerProjectionNames.map((name) => [name, { state: 'running', checkpoint: '4', head: '4', lag: 0 }])),
    });
    expect((await call('admin', 'GET', '/metrics')).body).toContain('ledger_projection_lag_events{projection="balance"} 0');
    await runner.stop();
  });

  it('is not ready when the store does not answer, or a projection failed', async () => {
    const store = createMemoryEventStore({ clock: fixedClock });
    const failing = { ...store, headPosition: async () => { throw new StoreUnavailableError('disk gone'); } };
    const { app } = await testApp({ store, readiness: readinessOf(failing, () => [], 10, true) });
    const down = await app.inject({ method: 'GET', url: '/ready' });
    expect([down.statusCode, errorShape(down).code, errorShape(down).message]).toEqual([503, 'not_ready', 'Not ready: the event store does not answer.']);
    const failed = readinessOf(store, () => [{ name: 'balance', state: 'failed', checkpoint: 0n, error: 'boom' }], 10, true);
    expect(await failed()).toEqual({
      ready: false, storeReachable: true, projections: { balance: { state: 'failed', checkpoint: '0', head: '0', lag: 0, error: 'boom' } },
    });
  });
});
