// The CLI's fraud alerts come from the read side's one journal: the detector projection under the
// projection runner, in the read file beside a SQLite store. Detecting twice records each alert
// once and appends nothing to the store; --no-detect only reads; an older store whose CLI appended
// FraudAlertRaised events to the fraud-alerts stream keeps them readable, and the journal holds the
// same alerts (same derived ids).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withFraudJournal } from '../../../adapters/cli/cli-fraud-journal.ts';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { jst } from '../../../adapters/incidents/scenario-ids.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { FraudAlertRaisedData, fraudAlertRaisedType, fraudAlertStreamId } from '../../../domain/alerts/fraud-alert-raised.ts';
import { expectNoStream } from '../../../domain/ports/event-store.ts';
import { alertsLimitMax } from '../../../projections/fraud/fraud-detector-projection.ts';
import { detectedAlerts } from '../../support/detected-alerts.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-cli-alerts-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const clock = { now: () => new Date('2019-07-05T00:00:00Z') };
const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const seededStore = async (name: string) => {
  const path = join(directory, `${name}.db`);
  const store = openSqliteEventStore({ path, clock });
  await runCommands(createCommandHandler(store), day.commands);
  return { store, location: { kind: 'sqlite' as const, path }, readPath: join(directory, `${name}.read.db`) };
};

const all = (reader: { since: (since: undefined, limit: number) => ReadonlyArray<{ alertId: string }> }) => reader.since(undefined, alertsLimitMax);

describe('the CLI reads the read side\'s alert journal', () => {
  it('records each alert once in the read file, appends nothing to the store, and reads without detecting', async () => {
    const { store, location, readPath } = await seededStore('once');
    const head = await store.headPosition();
    expect(await withFraudJournal(store, location, { detect: false }, all)).toEqual([]);
    expect(existsSync(readPath)).toBe(false);

    const first = await withFraudJournal(store, location, { detect: true }, all);
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first.map((alert) => alert.alertId)).size).toBe(first.length);
    expect(first).toEqual(await detectedAlerts(store));
    expect(await withFraudJournal(store, location, { detect: true }, all)).toEqual(first);
    expect(await withFraudJournal(store, location, { detect: false }, all)).toEqual(first);
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream(fraudAlertStreamId, { limit: 10 })).toEqual([]);

    const since = jst('2019-07-03T10:30:00');
    const later = await withFraudJournal(store, location, { detect: false }, (reader) => reader.since(since, alertsLimitMax));
    expect(later.length).toBeGreaterThan(0);
    expect(later.length).toBeLessThan(first.length);
    expect(await withFraudJournal(store, location, { detect: false }, (reader) => reader.since(since, 2))).toEqual(later.slice(0, 2));
    await store.close();
  });

  it('leaves an older store\'s fraud-alerts stream as readable history beside the journal', async () => {
    const { store, location } = await seededStore('older');
    // What the removed stand-alone driver appended: one FraudAlertRaised per alert, in order.
    const history = await detectedAlerts(store);
    const events = history.map((alert) => ({
      type: fraudAlertRaisedType, data: FraudAlertRaisedData.encode(alert), occurredAt: alert.occurredAt, metadata: { issuedBy: 'system:fraud-detector' },
    }));
    expect((await store.append(fraudAlertStreamId, events, expectNoStream)).kind).toBe('appended');

    const journal = await withFraudJournal(store, location, { detect: true }, all);
    const stream = await store.readStream(fraudAlertStreamId, { limit: alertsLimitMax });
    const decoded = stream.map((stored) => FraudAlertRaisedData.decode(stored.data));
    expect(decoded.every((result) => result._tag === 'Right')).toBe(true);
    expect(stream.map((stored) => stored.data.alertId)).toEqual(journal.map((alert) => alert.alertId));
    await store.close();
  });
});
