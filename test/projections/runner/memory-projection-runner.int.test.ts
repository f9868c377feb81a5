import { describe, expect, it } from 'vitest';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { createMemoryBalanceIndex } from '../../../projections/balance/memory-balance-index.ts';
import { type MemoryTransaction, createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import type { Projection } from '../../../projections/runner/projection.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { charged, minuteAt, opened, reversed, toppedUp } from '../support/ledger-fixtures.ts';

const clock = { now: () => new Date('2024-05-02T00:00:00.000Z') };
const now = { asOf: minuteAt(100_000), knownAt: minuteAt(100_000) };

describe('projection runner on the memory store', () => {
  it('feeds the memory balance index, undoes a failed batch and names the failure', async () => {
    const store = createMemoryEventStore({ clock, pollIntervalMs: 20 });
    const balance = createMemoryBalanceIndex();
    const seen: string[] = [];
    const picky: Projection<MemoryTransaction> = {
      name: 'picky',
      eventTypes: ['WalletCharged'],
      applyBatch: (tx, events) => {
        for (const event of events) {
          seen.push(String(event.data.chargeId));
          tx.onRollback(() => seen.pop());
          if (event.data.chargeId === 'c-2') throw new Error('picky refuses c-2');
        }
      },
      reset: () => void seen.splice(0),
    };
    const failures: string[] = [];
    const runner = createProjectionRunner({
      store, persistence: createMemoryProjectionPersistence(), projections: [balance.projection, picky],
      onFailure: (name, error) => failures.push(`${name}: ${error.message}`),
    });
    runner.start();
    await store.append('account-a', [opened('a'), toppedUp('a', 1, '1000', 't-1'), charged('a', 2, '100', 'c-1')], expectAny);
    const first = await store.headPosition();
    expect((await runner.waitFor('picky', first, 5_000)).kind).toBe('caught_up');
    await store.append('account-a', [reversed('a', 3, '100', 'c-1'), charged('a', 4, '200', 'c-2')], expectAny);
    const head = await store.headPosition();
    expect(await runner.waitFor('picky', head, 5_000)).toEqual({ kind: 'failed', error: 'picky refuses c-2' });
    expect(seen).toEqual(['c-1']);
    expect(failures).toEqual(['picky: picky refuses c-2']);
    expect(runner.status('picky')).toMatchObject({ state: 'failed', checkpoint: first });
    expect((await runner.waitFor('balance', head, 5_000)).kind).toBe('caught_up');
    const answer = balance.balanceAt('a' as AccountId, now);
    expect([answer?.ledgerBalance.amount.toFixed(), answer?.correctedBalance.amount.toFixed()]).toEqual(['800', '800']);
    expect(await runner.waitFor('nothing', head, 5)).toEqual({ kind: 'unknown_projection' });
    await runner.stop();
    await store.close();
  });
});
