// Two connections on one file, as two processes would have: each store must notice the other's
// commits (cached stream heads, the recordedAt floor) and its subscriptions must poll for them.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type StoredEvent, expectExact, expectNoStream } from '../../../domain/ports/event-store.ts';
import { ChainVerifier } from '../../../adapters/event-store/hash-chain.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { ManualClock, appended, newEvent, waitUntil } from './event-store-contract-support.ts';
import { temporaryDirectory } from './sqlite-test-files.ts';

const files = temporaryDirectory('sqlite-shared-file');
afterAll(files.remove);

const opened: SqliteEventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const openTwo = () => {
  const path = files.nextPath();
  const [clockA, clockB] = [new ManualClock(), new ManualClock()];
  const a = openSqliteEventStore({ path, clock: clockA, pollIntervalMs: 10 });
  const b = openSqliteEventStore({ path, clock: clockB, pollIntervalMs: 10 });
  opened.push(a, b);
  return { a, b, clockA, clockB };
};

describe('sqlite event store shared by two connections', () => {
  it("appends on top of the other writer's events, chaining to them and never stamping before them", async () => {
    const { a, b, clockA, clockB } = openTwo();
    clockA.set('2024-03-01T10:00:00.000Z');
    clockB.set('2024-03-01T11:00:00.000Z');
    appended(await a.append('shared', [newEvent('A', {})], expectNoStream));
    const [fromB] = appended(await b.append('shared', [newEvent('B', {})], expectExact(0)));
    const [fromA] = appended(await a.append('shared', [newEvent('C', {})], expectExact(1)));

    expect(fromA?.previousHash).toBe(fromB?.hash);
    expect(fromA?.recordedAt).toBe('2024-03-01T11:00:00.000Z');
    expect(await a.append('shared', [newEvent('D', {})], expectExact(1)))
      .toEqual({ kind: 'conflict', streamId: 'shared', expected: expectExact(1), actualRevision: 2 });
    const verifier = new ChainVerifier('shared');
    (await b.readStream('shared')).forEach((event) => verifier.accept(event));
    expect(verifier.result()).toMatchObject({ events: 3, verified: true });
  });

  it("delivers the other writer's appends to a subscription by polling", async () => {
    const { a, b } = openTwo();
    const received: StoredEvent[] = [];
    const subscription = a.subscribe({}, async (batch) => {
      received.push(...batch);
    });
    const written = appended(await b.append('elsewhere', [newEvent('A', {}), newEvent('B', {})], expectNoStream));
    await waitUntil(() => received.length >= 2, "the other connection's events");
    expect(received).toEqual(written);
    await subscription.stop();
  });
});
