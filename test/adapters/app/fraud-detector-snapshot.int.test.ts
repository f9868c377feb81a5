// The fraud alerts service on a SQLite file: a restart resumes the detector from its snapshot
// (reads only the events after it) without duplicating alerts, and a snapshot that is corrupted
// or was made under other thresholds is set aside for a full catch-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import type { EventStore, ReadAllOptions } from '../../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { openStoreAt } from '../../../adapters/event-store/open-event-store.ts';
import { startFraudAlerts } from '../../../adapters/app/fraud-alerts-service.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { createFraudAlertDriver } from '../../../projections/fraud/alert-driver.ts';
import { fraudAlertStreamId } from '../../../projections/fraud/fraud-alert.ts';
import { defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';

const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });
const clock = { now: () => new Date('2019-07-05T00:00:00Z') };
const snapshotPolicy = { eventsMin: 20, intervalMsMin: 0 };
const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const openFile = () => {
  const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-fraud-snapshot-'));
  directories.push(directory);
  const opened = openStoreAt({ kind: 'sqlite', path: join(directory, 'ledger.db') }, clock);
  if (opened.kind !== 'sqlite') throw new Error('not sqlite');
  return opened;
};

// The store with readAll spied on: the first position after which each driver read starts, and
// how many events it was answered.
const spied = (store: EventStore) => {
  const reads: Array<Readonly<{ after: bigint; events: number }>> = [];
  const readAll = async (options?: ReadAllOptions) => {
    const page = await store.readAll(options);
    reads.push({ after: options?.after ?? 0n, events: page.length });
    return page;
  };
  return { store: { ...store, readAll }, reads, eventsRead: () => reads.reduce((sum, read) => sum + read.events, 0) };
};

const serve = async (opened: ReturnType<typeof openFile>, rules = defaultFraudRules) => {
  const spy = spied(opened.store);
  const alerts = startFraudAlerts(spy.store, createCommandHandler(opened.store), {}, { database: opened.database, rules, snapshotPolicy });
  expect(await alerts.query.waitFor?.(await opened.store.headPosition(), 10_000)).toBe(true);
  await alerts.stop();
  return { spy, status: alerts.snapshots() };
};

const journalIds = async (store: EventStore): Promise<string[]> =>
  (await store.readStream(fraudAlertStreamId, { limit: 1000 })).map((event) => String(event.data.alertId));

const referenceIds = async (): Promise<string[]> => {
  const store = createMemoryEventStore({ clock });
  await runCommands(createCommandHandler(store), day.commands);
  await createFraudAlertDriver({ store }).catchUp();
  return journalIds(store);
};

const half = Math.floor(day.commands.length / 2);

describe('fraud alerts service: detector snapshot on SQLite', () => {
  it('resumes from the snapshot after a restart and raises each alert once', async () => {
    const opened = openFile();
    const handle = createCommandHandler(opened.store);
    await runCommands(handle, day.commands.slice(0, half));
    const first = await serve(opened);
    expect(first.status?.restored).toBe('none');
    expect(first.status?.savesCount).toBe(1);
    const snapshotAt = first.status?.savedCheckpoint ?? 0n;
    expect(snapshotAt).toBe(await opened.store.headPosition());

    await runCommands(handle, day.commands.slice(half));
    const second = await serve(opened);
    expect(second.status).toMatchObject({ restored: 'snapshot', restoredCheckpoint: snapshotAt });
    expect(second.spy.reads.every((read) => read.after >= snapshotAt)).toBe(true);
    expect(second.spy.eventsRead()).toBeGreaterThan(0);
    expect(second.spy.eventsRead()).toBeLessThan(first.spy.eventsRead() + second.spy.eventsRead());

    const ids = await journalIds(opened.store);
    expect(ids).toEqual(await referenceIds());
    expect(new Set(ids).size).toBe(ids.length);
    await opened.store.close();
  });

  it('falls back to a full catch-up on a corrupted snapshot or one made under other thresholds', async () => {
    const opened = openFile();
    await runCommands(createCommandHandler(opened.store), day.commands);
    const full = await serve(opened);
    const ids = await journalIds(opened.store);

    opened.database.prepare("UPDATE projection_fraud_detector SET state = substr(state, 1, 100)").run();
    const corrupted = await serve(opened);
    expect(corrupted.status?.restored).toBe('discarded');
    expect(corrupted.status?.discardedBecause).toMatch(/not JSON/);
    expect(corrupted.spy.reads[0]?.after).toBe(0n);
    expect(corrupted.spy.eventsRead()).toBe(full.spy.eventsRead());

    const velocity = defaultFraudRules.velocity;
    if (velocity === undefined) throw new Error('velocity is on by default');
    const other = await serve(opened, { ...defaultFraudRules, velocity: { ...velocity, windowMs: velocity.windowMs * 2 } });
    expect(other.status?.discardedBecause).toMatch(/other rules or thresholds/);
    expect(other.spy.reads[0]?.after).toBe(0n);
    expect(other.spy.eventsRead()).toBe(full.spy.eventsRead());

    opened.database.prepare('UPDATE projection_fraud_detector SET version = 99').run();
    expect((await serve(opened)).status?.discardedBecause).toMatch(/version 99/);
    expect(await journalIds(opened.store)).toEqual(ids);
    await opened.store.close();
  });
});
