// The fraud detector as a projection of the read file: a clean restart resumes from its snapshot
// (reads only the events after it), a worker killed between snapshots folds again from the last
// one without raising any alert twice, and a snapshot that is corrupted or was made under other
// thresholds is set aside for a fold from zero. Alerts always equal a memory detector's fold from zero.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import type { EventStore, ReadAllOptions } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { detectedAlerts } from '../../support/detected-alerts.ts';
import { fraudDetectorProjectionName } from '../../../projections/fraud/fraud-detector-projection.ts';
import { type FraudRules, defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';
import { createSqliteFraudDetector } from '../../../projections/fraud/sqlite-fraud-detector.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { openReadStoreFile } from '../../../projections/sqlite/read-store-file.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });
const clock = { now: () => new Date('2019-07-05T00:00:00Z') };
const snapshotPolicy = { eventsMin: 20, intervalMsMin: 0 };
const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const readPath = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-fraud-projection-'));
  directories.push(directory);
  return join(directory, 'ledger.read.db');
};

// The store with readAll spied on: where each read starts, and how many events it was answered.
const spied = (store: EventStore) => {
  const reads: Array<Readonly<{ after: bigint; events: number }>> = [];
  const readAll = async (options?: ReadAllOptions) => {
    const page = await store.readAll(options);
    reads.push({ after: options?.after ?? 0n, events: page.length });
    return page;
  };
  return { store: { ...store, readAll }, reads, eventsRead: () => reads.reduce((sum, read) => sum + read.events, 0) };
};

// One start of the read side on the file, caught up with the store; `clean` says whether it stops
// cleanly (snapshot at stop) or is cut off (a killed worker: no stop, no flush).
const serve = async (path: string, store: EventStore, clean: boolean, rules: FraudRules = defaultFraudRules) => {
  const spy = spied(store);
  const database = openReadStoreFile(path, () => undefined);
  const persistence = createSqliteProjectionPersistence(database);
  const fraud = createSqliteFraudDetector(database, persistence, { rules, snapshotPolicy });
  const restored = fraud.snapshots();
  const runner = createProjectionRunner({ store: spy.store, persistence, projections: [fraud.projection] });
  runner.start();
  expect((await runner.waitFor(fraudDetectorProjectionName, await store.headPosition(), 10_000)).kind).toBe('caught_up');
  await runner.stop();
  if (clean) fraud.flush();
  const ids = fraud.alerts.since(undefined, 1000).map((alert) => alert.alertId);
  database.close();
  return { spy, restored, status: fraud.snapshots(), ids };
};

const referenceIds = async (store: EventStore): Promise<string[]> => {
  const reference = createMemoryEventStore({ clock });
  for (const page of [await store.readAll({ limit: 1000 })]) {
    for (const event of page) await reference.append(event.streamId, [{ type: event.type, data: event.data, occurredAt: event.occurredAt }], { kind: 'any' });
  }
  return (await detectedAlerts(reference)).map((alert) => alert.alertId);
};

const half = Math.floor(day.commands.length / 2);

describe('the fraud detector as a projection of the read file', () => {
  it('resumes from the snapshot after a clean restart and raises each alert once', async () => {
    const store = createMemoryEventStore({ clock });
    const handle = createCommandHandler(store);
    const path = readPath();
    await runCommands(handle, day.commands.slice(0, half));
    const first = await serve(path, store, true);
    expect(first.restored.restored).toBe('none');
    const snapshotAt = first.status.savedCheckpoint;
    expect(snapshotAt).toBeGreaterThan(0n);

    await runCommands(handle, day.commands.slice(half));
    const second = await serve(path, store, true);
    expect(second.restored).toMatchObject({ restored: 'snapshot', restoredCheckpoint: snapshotAt });
    expect(second.spy.reads.every((read) => read.after >= snapshotAt)).toBe(true);
    expect(second.spy.eventsRead()).toBeLessThan(first.spy.eventsRead() + second.spy.eventsRead());
    expect(second.ids).toEqual(await referenceIds(store));
    expect(second.ids.length).toBeGreaterThan(0);
  });

  it('cut off between snapshots, folds again from the last one and inserts no alert twice', async () => {
    const store = createMemoryEventStore({ clock });
    const handle = createCommandHandler(store);
    const path = readPath();
    await runCommands(handle, day.commands.slice(0, half));
    await serve(path, store, false);
    await runCommands(handle, day.commands.slice(half));
    const second = await serve(path, store, false, defaultFraudRules);
    expect(second.ids).toEqual(await referenceIds(store));
    expect(new Set(second.ids).size).toBe(second.ids.length);
  });

  it('falls back to a fold from zero on a corrupted snapshot or one made under other thresholds', async () => {
    const store = createMemoryEventStore({ clock });
    await runCommands(createCommandHandler(store), day.commands);
    const path = readPath();
    const full = await serve(path, store, true);

    const database = openReadStoreFile(path, () => undefined);
    database.prepare('UPDATE projection_fraud_detector SET state = substr(state, 1, 100)').run();
    database.close();
    const corrupted = await serve(path, store, true);
    expect(corrupted.restored.restored).toBe('discarded');
    expect(corrupted.restored.discardedBecause).toMatch(/not JSON/);
    expect(corrupted.spy.reads[0]?.after).toBe(0n);
    expect(corrupted.ids).toEqual(full.ids);

    const velocity = defaultFraudRules.velocity;
    if (velocity === undefined) throw new Error('velocity is on by default');
    const other = await serve(path, store, true, { ...defaultFraudRules, velocity: { ...velocity, windowMs: velocity.windowMs * 2 } });
    expect(other.restored.discardedBecause).toMatch(/other rules or thresholds/);
    expect(other.spy.reads[0]?.after).toBe(0n);
  });
});

describe('the fraud detector when another process resets it on the same file', () => {
  it('folds again from zero instead of skipping the events its old state had seen', async () => {
    const store = createMemoryEventStore({ clock });
    await runCommands(createCommandHandler(store), day.commands);
    const path = readPath();
    const database = openReadStoreFile(path, () => undefined);
    const persistence = createSqliteProjectionPersistence(database);
    const fraud = createSqliteFraudDetector(database, persistence, { snapshotPolicy });
    const events = await store.readAll({ limit: 1000 });
    const last = events.at(-1)?.position ?? 0n;
    persistence.transaction((tx) => {
      fraud.projection.applyBatch(tx, events);
      persistence.saveCheckpoint(tx, fraudDetectorProjectionName, last);
    });
    const ids = fraud.alerts.since(undefined, 1000).map((alert) => alert.alertId);
    expect(ids.length).toBeGreaterThan(0);
    // Another connection (a rebuild beside the server) resets the projection and its checkpoint.
    const other = openReadStoreFile(path, () => undefined);
    const otherPersistence = createSqliteProjectionPersistence(other);
    const reset = createSqliteFraudDetector(other, otherPersistence, { snapshotPolicy });
    otherPersistence.transaction((tx) => {
      reset.projection.reset(tx);
      otherPersistence.saveCheckpoint(tx, fraudDetectorProjectionName, 0n);
    });
    other.close();
    // This runner follows the checkpoint back and is fed the events again.
    persistence.transaction((tx) => {
      fraud.projection.applyBatch(tx, events);
      persistence.saveCheckpoint(tx, fraudDetectorProjectionName, last);
    });
    expect(fraud.alerts.since(undefined, 1000).map((alert) => alert.alertId)).toEqual(ids);
    database.close();
  });
});
