// Self-healing: a subscription that ends because the store became unavailable is resumed from its
// checkpoint after a bounded backoff, for every projection, whether the outage comes while it
// follows live appends or before its first build; the final read models equal a fresh fold. A
// projection whose own code throws still stays failed.
import { describe, expect, it } from 'vitest';
import { ledgerProjectionNames, memoryLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { type EventStore, expectAny } from '../../../domain/ports/event-store.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { flakyStore } from '../../support/flaky-store.ts';
import { charged, opened, toppedUp } from '../support/ledger-fixtures.ts';

const backoff = { minMs: 5, maxMs: 40, random: () => 0.5 };
const instants = ['2024-05-01T00:00:00Z', '2024-05-01T00:30:00Z', '2030-01-01T00:00:00Z'].map((iso) => instantFromEpochMs(Date.parse(iso)));
const answersOf = (built: ReturnType<typeof memoryLedgerProjections>) =>
  JSON.parse(JSON.stringify(instants.map((asOf) => instants.map((knownAt) => built.balance.balanceAt('a' as AccountId, { asOf, knownAt }) ?? null))));

const fold = async (store: EventStore) => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store, persistence: built.persistence, projections: built.projections });
  runner.start();
  expect((await runner.waitFor('balance', await store.headPosition(), 10_000)).kind).toBe('caught_up');
  await runner.stop();
  return answersOf(built);
};

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 2_000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('the runner over a store that goes away and comes back', () => {
  it('resumes every projection from its checkpoint, counting nothing twice', async () => {
    const inner = createMemoryEventStore();
    const store = flakyStore(inner);
    const built = memoryLedgerProjections();
    const resumes: string[] = [];
    const failures: string[] = [];
    const runner = createProjectionRunner({
      store, persistence: built.persistence, projections: built.projections, resumeBackoff: backoff,
      onResume: (name) => void resumes.push(name), onFailure: (name) => void failures.push(name),
    });
    await inner.append('account-a', [opened('a'), toppedUp('a', 1, '100', 't-1')], expectAny);
    runner.start();
    expect((await runner.waitFor('balance', 2n, 10_000)).kind).toBe('caught_up');
    store.down = true;
    await until(() => store.subscriptionsEnded() >= ledgerProjectionNames.length);
    expect(runner.status('balance')?.resuming).toMatch(/injected outage/);
    await inner.append('account-a', [charged('a', 20, '30', 'c-1'), toppedUp('a', 40, '5', 't-2')], expectAny);
    await until(() => resumes.length >= 2 * ledgerProjectionNames.length);
    store.down = false;
    for (const name of ledgerProjectionNames) expect((await runner.waitFor(name, 4n, 10_000)).kind).toBe('caught_up');
    expect(runner.statuses().map((status) => [status.state, status.resuming])).toEqual(ledgerProjectionNames.map(() => ['running', undefined]));
    expect(new Set(resumes)).toEqual(new Set(ledgerProjectionNames));
    expect(failures).toEqual([]);
    expect(answersOf(built)).toEqual(await fold(inner));
    await runner.stop();
  });

  it('builds a projection whose store was down at start once it answers', async () => {
    const inner = createMemoryEventStore();
    await inner.append('account-a', [opened('a'), toppedUp('a', 1, '100', 't-1')], expectAny);
    const store = flakyStore(inner);
    store.down = true;
    const built = memoryLedgerProjections();
    const resumes: string[] = [];
    const runner = createProjectionRunner({
      store, persistence: built.persistence, projections: built.projections, resumeBackoff: backoff, onResume: (name) => void resumes.push(name),
    });
    runner.start();
    await until(() => resumes.length >= 2);
    store.down = false;
    expect((await runner.waitFor('balance', 2n, 10_000)).kind).toBe('caught_up');
    expect(answersOf(built)).toEqual(await fold(inner));
    await runner.stop();
  });

  it('leaves a projection whose own code throws failed, with its error', async () => {
    const store = flakyStore(createMemoryEventStore());
    const failures: string[] = [];
    const runner = createProjectionRunner({
      store, resumeBackoff: backoff, onFailure: (name, error) => void failures.push(`${name}: ${error.message}`),
      persistence: memoryLedgerProjections().persistence,
      projections: [{ name: 'broken', eventTypes: ['AccountOpened'], applyBatch: () => { throw new Error('a bug'); }, reset: () => undefined }],
    });
    runner.start();
    await store.append('account-a', [opened('a')], expectAny);
    expect(await runner.waitFor('broken', 1n, 10_000)).toEqual({ kind: 'failed', error: 'a bug' });
    expect(failures).toEqual(['broken: a bug']);
    expect(runner.status('broken')?.state).toBe('failed');
    await runner.stop();
  });
});
