// The auto-freeze process resumes from its persisted cursor (a real file): after a restart its
// first read of the journal starts after the last alert it handled, it asks no freeze again, and
// it freezes the alerts raised meanwhile. A cursor of another ledger is ignored (start from the
// beginning; every freeze asked again is a replay).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { createAutoFreeze } from '../../../adapters/processes/auto-freeze.ts';
import { cursorPathBeside, openAutoFreezeCursorFile } from '../../../adapters/processes/auto-freeze-cursor.ts';
import { parseAutoFreeze } from '../../../adapters/processes/auto-freeze-policy.ts';
import type { AlertCursor, AlertsReader } from '../../../projections/fraud/fraud-detector-projection.ts';
import { createMemoryFraudDetector } from '../../../projections/fraud/memory-fraud-detector.ts';
import { createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-auto-freeze-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const day = sevenPayDay({ customers: 12, victims: 6, accountsPerAttackerPhone: 3 });

const policy = (() => {
  const parsed = parseAutoFreeze('shared-device,velocity');
  if (!isRight(parsed)) throw new Error('policy');
  return parsed.right;
})();

describe('the auto-freeze cursor', () => {
  it('resumes after the last alert handled, across a restart, and ignores another ledger\'s cursor', async () => {
    const store = createMemoryEventStore({ clock: { now: () => new Date('2019-07-05T00:00:00Z') } });
    const commands = createCommandHandler(store);
    const detector = createMemoryFraudDetector();
    const runner = createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [detector.projection] });
    runner.start();
    const caughtUp = async () => expect((await runner.waitFor(detector.projection.name, await store.headPosition(), 10_000)).kind).toBe('caught_up');
    // Every cursor the process starts a page after.
    const asked: Array<AlertCursor | undefined> = [];
    const alerts = (): Pick<AlertsReader, 'after'> => ({
      after: (cursor, limit) => {
        asked.push(cursor);
        return detector.alerts.after(cursor, limit);
      },
    });
    const path = cursorPathBeside(join(directory, 'ledger.read.db'));
    expect(path).toBe(join(directory, 'ledger.read.processes.db'));

    await runCommands(commands, day.commands);
    await caughtUp();
    const journal = detector.alerts.after(undefined, 1000);
    // A pass cut short after one page of two alerts (a stop, a crash after the page's save).
    const first = openAutoFreezeCursorFile(path, 'ledger-a');
    await createAutoFreeze({ policy, alerts, commands, cursor: first, pageSizeMax: 2, pagesPerPassMax: 1 }).runOnce();
    first.close();
    const handled = journal[1];
    if (handled === undefined) throw new Error('the day raises alerts');

    // A restart: the first page starts after the last alert handled, and the rest is frozen.
    asked.length = 0;
    const again = openAutoFreezeCursorFile(path, 'ledger-a');
    await createAutoFreeze({ policy, alerts, commands, cursor: again, pageSizeMax: 2, pagesPerPassMax: 1000 }).runOnce();
    again.close();
    expect(asked[0]).toEqual({ triggeredAt: handled.triggeredAt, alertId: handled.alertId });
    for (const victim of day.victims) {
      const freezes = (await store.readStream(`account-${victim}`, { limit: 1000 })).filter((event) => event.type === 'AccountFrozen');
      expect(freezes.length).toBeGreaterThan(0);
    }
    // And again: it stands at the journal's end, reading one empty page.
    asked.length = 0;
    const atEnd = openAutoFreezeCursorFile(path, 'ledger-a');
    expect(await createAutoFreeze({ policy, alerts, commands, cursor: atEnd }).runOnce()).toBe(0);
    atEnd.close();
    const end = journal.at(-1);
    expect(asked).toEqual([end === undefined ? undefined : { triggeredAt: end.triggeredAt, alertId: end.alertId }]);

    // Another ledger's process (same file) starts from the beginning; its freezes are replays.
    asked.length = 0;
    const head = await store.headPosition();
    const other = openAutoFreezeCursorFile(path, 'ledger-b');
    expect(await createAutoFreeze({ policy, alerts, commands, cursor: other, pageSizeMax: 1000 }).runOnce()).toBe(0);
    other.close();
    expect(asked[0]).toBeUndefined();
    expect(await store.headPosition()).toBe(head);
    await runner.stop();
  });
});
