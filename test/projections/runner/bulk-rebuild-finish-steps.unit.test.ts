// A bulk rebuild's finishStep runs in transactions of its own, with a turn of the event loop after
// each, until it answers 'done'; only then does finish move the checkpoint. Stopping between two
// steps leaves the checkpoint at zero.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { BulkRebuildStoppedError, rebuildInBulk } from '../../../projections/runner/bulk-rebuild.ts';
import { type MemoryTransaction, createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import type { BulkRebuild, Projection, ProjectionPersistence } from '../../../projections/runner/projection.ts';
import { type ProjectionStatus, createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { opened } from '../support/ledger-fixtures.ts';

const stepsBeforeDone = 3;

const setup = async () => {
  const store = createMemoryEventStore();
  await store.append('account-a', [opened('a')], expectAny);
  const log: string[] = [];
  let transaction = 0;
  const inner = createMemoryProjectionPersistence();
  const persistence: ProjectionPersistence<MemoryTransaction> = {
    ...inner,
    transaction: (work) => {
      transaction += 1;
      inner.transaction(work);
    },
  };
  let steps = 0;
  const bulk: BulkRebuild<MemoryTransaction> = {
    begin: () => void log.push(`begin@${transaction}`),
    applyBatch: () => void log.push(`batch@${transaction}`),
    finishStep: (_tx, shouldYield) => {
      steps += 1;
      log.push(`step@${transaction}:${typeof shouldYield()}`);
      return steps > stepsBeforeDone ? 'done' : 'more';
    },
    finish: () => void log.push(`finish@${transaction}`),
  };
  const projection: Projection<MemoryTransaction> = {
    name: 'stepped', eventTypes: ['AccountOpened'], applyBatch: () => undefined, reset: () => undefined, bulkRebuild: bulk,
  };
  return { store, persistence, projection, bulk, log };
};

describe('the finish steps of a bulk rebuild', () => {
  it('runs each step in a transaction of its own until done, then finish with the checkpoint', async () => {
    const { store, persistence, projection, bulk, log } = await setup();
    let turns = 0;
    let running = true;
    const tick = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const after = await rebuildInBulk(store, persistence, projection, bulk);
    running = false;
    expect(log).toEqual(['begin@1', 'batch@2', 'step@3:boolean', 'step@4:boolean', 'step@5:boolean', 'step@6:boolean', 'finish@7']);
    expect(after).toBe(1n);
    expect(persistence.loadCheckpoint('stepped')).toBe(1n);
    // A turn after the read and after every step.
    expect(turns).toBeGreaterThanOrEqual(1 + stepsBeforeDone + 1);
  });

  it('stops between two steps when asked, leaving the checkpoint at zero', async () => {
    const { store, persistence, projection, bulk, log } = await setup();
    const stopAfterSecondStep = () => log.filter((entry) => entry.startsWith('step')).length >= 2;
    await expect(rebuildInBulk(store, persistence, projection, bulk, undefined, stopAfterSecondStep)).rejects.toBeInstanceOf(BulkRebuildStoppedError);
    expect(log.filter((entry) => entry.startsWith('step'))).toHaveLength(2);
    expect(log.some((entry) => entry.startsWith('finish'))).toBe(false);
    expect(persistence.loadCheckpoint('stepped')).toBe(0n);
  });
});

describe('the progress of a bulk pass', () => {
  it('tells the last position applied after the reads, and the runner shows it only while the pass runs', async () => {
    const { store, persistence, projection } = await setup();
    await store.append('account-b', [opened('b')], expectAny);
    const seen: bigint[] = [];
    const bulk = projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    await rebuildInBulk(store, persistence, projection, bulk, undefined, undefined, undefined, (through) => seen.push(through));
    expect(seen).toEqual([2n]);

    let during: ProjectionStatus | undefined;
    const runner = createProjectionRunner({
      store, persistence,
      projections: [{ ...projection, bulkRebuild: { ...bulk, finish: (tx) => {
        during = runner.status('stepped');
        bulk.finish(tx);
      } } }],
    });
    expect((await runner.rebuild('stepped', 5_000)).kind).toBe('caught_up');
    await runner.stop();
    expect(during?.rebuiltThrough).toBe(2n);
    expect(during?.checkpoint).toBe(0n);
    expect(runner.status('stepped')?.rebuiltThrough).toBeUndefined();
    expect(runner.status('stepped')?.checkpoint).toBe(2n);
  });
});

describe('stopping a runner during runner.rebuild', () => {
  it("ends the rebuild's pass between two steps and answers stopped, with no subscription left", async () => {
    const { store, persistence, projection } = await setup();
    const bulk = projection.bulkRebuild;
    if (bulk === undefined) throw new Error('no bulk path');
    let stopping: Promise<void> | undefined;
    const runner = createProjectionRunner({
      store, persistence,
      projections: [{ ...projection, bulkRebuild: { ...bulk, finishStep: (tx, shouldYield) => {
        stopping ??= runner.stop();
        return bulk.finishStep?.(tx, shouldYield) ?? 'done';
      } } }],
    });
    expect(await runner.rebuild('stepped', 5_000)).toEqual({ kind: 'stopped', checkpoint: 0n });
    await stopping;
    expect(runner.status('stepped')?.state).toBe('stopped');
    expect(persistence.loadCheckpoint('stepped')).toBe(0n);
  });
});
