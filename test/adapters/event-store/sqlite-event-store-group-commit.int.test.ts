// Group commit: appends from one event-loop turn share one transaction, yet each caller gets its
// own answer, and a failing group falls back to one transaction per append.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type AppendOutcome, StoreUnavailableError, expectAny, expectExact, expectNoStream,
} from '../../../domain/ports/event-store.ts';
import { ChainVerifier } from '../../../adapters/event-store/hash-chain.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import type { CommittedGroup } from '../../../adapters/event-store/sqlite-group-commit.ts';
import { ManualClock, appended, newEvent } from './event-store-contract-support.ts';
import { temporaryDirectory, walCommitCount } from './sqlite-test-files.ts';

const files = temporaryDirectory('sqlite-group-commit');
afterAll(files.remove);

const opened: SqliteEventStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const openStore = () => {
  const path = files.nextPath();
  const groups: CommittedGroup[] = [];
  const store = openSqliteEventStore({ path, clock: new ManualClock(), onGroupCommitted: (group) => groups.push(group) });
  // No checkpoint may restart the log while a test counts its commits.
  store.database.pragma('wal_autocheckpoint = 0');
  opened.push(store);
  return { store, path, groups };
};

const revisionsOf = (outcome: AppendOutcome | undefined) =>
  outcome?.kind === 'appended' ? outcome.events.map((event) => event.revision) : outcome;

describe('sqlite event store group commit', () => {
  it('costs one commit per append when appends are awaited one by one', async () => {
    const { store, path } = openStore();
    const before = walCommitCount(path);
    for (let index = 0; index < 5; index += 1) appended(await store.append('solo', [newEvent('A', { index })], expectAny));
    expect(walCommitCount(path) - before).toBe(5);
  });

  it('writes the appends of one turn in one transaction, each caller getting its own outcome', async () => {
    const { store, path, groups } = openStore();
    for (const streamId of ['existing-1', 'existing-2', 'existing-3']) {
      appended(await store.append(streamId, [newEvent('Opened', {})], expectNoStream));
    }
    const commitsBefore = walCommitCount(path);
    const positionBefore = await store.headPosition();
    groups.length = 0;

    const outcomes = await Promise.all([
      store.append('fresh', [newEvent('Opened', {}), newEvent('ToppedUp', {})], expectNoStream),
      store.append('existing-1', [newEvent('ToppedUp', {})], expectExact(0)),
      store.append('existing-2', [newEvent('ToppedUp', {})], expectExact(5)),
      // Conflicts with the append two lines up, which comes first in the same group.
      store.append('fresh', [newEvent('Opened', {})], expectNoStream),
      // Builds on the append four lines up, in the same group.
      store.append('fresh', [newEvent('Charged', {})], expectExact(1)),
      store.append('existing-1', [newEvent('ToppedUp', {})], expectExact(0)),
      store.append('existing-3', [newEvent('Charged', {})], expectAny),
      ...Array.from({ length: 40 }, (_, index) => store.append(`many-${index}`, [newEvent('Opened', { index })], expectNoStream)),
    ]);

    expect(walCommitCount(path) - commitsBefore).toBe(1);
    expect(groups).toEqual([{ appends: 47, events: 45 }]);
    expect(outcomes.slice(0, 7).map(revisionsOf)).toEqual([
      [0, 1],
      [1],
      { kind: 'conflict', streamId: 'existing-2', expected: expectExact(5), actualRevision: 0 },
      { kind: 'conflict', streamId: 'fresh', expected: expectNoStream, actualRevision: 1 },
      [2],
      { kind: 'conflict', streamId: 'existing-1', expected: expectExact(0), actualRevision: 1 },
      [1],
    ]);
    expect(outcomes.slice(7).map(revisionsOf)).toEqual(Array(40).fill([0]));
    // Each caller's events (positions included) are exactly what was stored, across the group's
    // multi-row INSERTs.
    const answered = outcomes.flatMap((outcome) => (outcome.kind === 'appended' ? outcome.events : []));
    answered.sort((a, b) => (a.position < b.position ? -1 : 1));
    expect(answered).toHaveLength(45);
    expect(answered).toEqual(await store.readAll({ after: positionBefore, limit: 100 }));
    const fresh = await store.readStream('fresh');
    expect(fresh.map((event) => event.type)).toEqual(['Opened', 'ToppedUp', 'Charged']);
    const verifier = new ChainVerifier('fresh');
    fresh.forEach((event) => verifier.accept(event));
    expect(verifier.result().verified).toBe(true);
  });

  it('falls back to one transaction per append when the group fails, so only the bad append fails', async () => {
    const { store, path, groups } = openStore();
    // A trigger makes one stream's writes fail the way a disk error would: the group's
    // transaction throws and rolls back.
    store.database.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON events WHEN NEW.stream_id = 'poison'
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
    const commitsBefore = walCommitCount(path);

    const [first, poisoned, last] = await Promise.allSettled([
      store.append('healthy-1', [newEvent('A', {})], expectNoStream),
      store.append('poison', [newEvent('A', {})], expectNoStream),
      store.append('healthy-2', [newEvent('A', {})], expectNoStream),
    ]);

    expect(first.status === 'fulfilled' && revisionsOf(first.value)).toEqual([0]);
    expect(last.status === 'fulfilled' && revisionsOf(last.value)).toEqual([0]);
    expect(poisoned.status).toBe('rejected');
    const reason: unknown = poisoned.status === 'rejected' ? poisoned.reason : undefined;
    expect(reason).toBeInstanceOf(StoreUnavailableError);
    expect(String(reason)).toMatch(/simulated write failure/);
    expect(groups).toEqual([{ appends: 1, events: 1 }, { appends: 1, events: 1 }]);
    expect(walCommitCount(path) - commitsBefore).toBe(2);
    expect(await store.readStream('poison')).toEqual([]);
    expect((await store.readStream('healthy-1')).map((event) => event.revision)).toEqual([0]);
  });

  it('answers a UNIQUE violation it did not foresee (another writer) with a conflict, not an error', async () => {
    const { store } = openStore();
    // The trigger stands in for another process that wrote the same revision first.
    store.database.exec(`CREATE TRIGGER intruder BEFORE INSERT ON events WHEN NEW.stream_id = 'contended'
      BEGIN INSERT INTO events (stream_id, revision, type, data, occurred_at, recorded_at, hash, previous_hash)
        VALUES (NEW.stream_id, NEW.revision, 'Intruder', '{}', NEW.occurred_at, NEW.recorded_at, 'x', 'y'); END`);
    const [contended, bystander] = await Promise.all([
      store.append('contended', [newEvent('A', {})], expectNoStream),
      store.append('bystander', [newEvent('A', {})], expectNoStream),
    ]);
    expect(contended).toEqual({ kind: 'conflict', streamId: 'contended', expected: expectNoStream, actualRevision: undefined });
    expect(revisionsOf(bystander)).toEqual([0]);
  });

  it('writes what is still queued when closed, and refuses appends afterwards', async () => {
    const { store, path } = openStore();
    const pending = store.append('queued', [newEvent('A', {})], expectNoStream);
    await store.close();
    expect(revisionsOf(await pending)).toEqual([0]);
    await expect(store.append('queued', [newEvent('B', {})], expectAny)).rejects.toBeInstanceOf(StoreUnavailableError);
    const reopened = openSqliteEventStore({ path });
    opened.push(reopened);
    expect((await reopened.readStream('queued')).map((event) => event.type)).toEqual(['A']);
  });
});
