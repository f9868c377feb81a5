// The reimbursement projection, fed by the runner, in memory and in the SQLite store's database:
// both agree with the direct fold over the store after a 7pay day's incident, tell an unknown
// incident (undefined) from a declared one that reversed nothing (no rows), and survive a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { declareIncident } from '../../../adapters/incidents/declare-incident.ts';
import { readReimbursements } from '../../../adapters/incidents/reimbursements-from-store.ts';
import { runCommands } from '../../../adapters/incidents/run-commands.ts';
import { literal } from '../../../adapters/incidents/scenario-ids.ts';
import { sevenPayDay } from '../../../adapters/incidents/seven-pay-scenario.ts';
import { IncidentId, Text } from '../../../domain/ids.ts';
import { createMemoryReimbursements } from '../../../projections/reimbursements/reimbursements-projection.ts';
import { createSqliteReimbursements } from '../../../projections/reimbursements/sqlite-reimbursements-projection.ts';
import { createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { runIncidentOrThrow } from '../../support/run-incident-or-throw.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-reimbursements-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const clock = { now: () => new Date('2019-07-05T00:00:00.000Z') };

describe('reimbursement projection', () => {
  it('agrees with the direct fold, in memory and in SQLite, across a restart', async () => {
    const path = join(directory, 'ledger.db');
    const day = sevenPayDay();
    const store = openSqliteEventStore({ path, clock });
    const handle = createCommandHandler(store);
    await runCommands(handle, day.commands);
    await runIncidentOrThrow({ store, handle, clock }, day.incident);
    const quiet = { ...day.incident, incidentId: literal(IncidentId, 'incident-quiet'), description: literal(Text, 'selected nothing'), criteria: { accountIds: [] } };
    await declareIncident(store, quiet, clock);
    const expected = await readReimbursements(store, day.incident.incidentId);
    if (expected === undefined) throw new Error('the incident is not in the store');
    expect(expected.rows.length).toBe(day.victims.length);

    const memory = createMemoryReimbursements();
    const sqlite = createSqliteReimbursements(store.database);
    const head = await store.headPosition();
    const memoryRunner = createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [memory.projection] });
    const sqliteRunner = createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(store.database), projections: [sqlite.projection] });
    memoryRunner.start();
    sqliteRunner.start();
    expect((await memoryRunner.waitFor('reimbursements', head, 10_000)).kind).toBe('caught_up');
    expect((await sqliteRunner.waitFor('reimbursements', head, 10_000)).kind).toBe('caught_up');
    for (const reader of [memory, sqlite]) {
      expect(reader.reimbursements(day.incident.incidentId)).toEqual(expected);
      expect(reader.reimbursements(quiet.incidentId)).toEqual({ incidentId: 'incident-quiet', rows: [], total: {} });
      expect(reader.reimbursements(literal(IncidentId, 'incident-unknown'))).toBeUndefined();
    }
    await memoryRunner.stop();
    await sqliteRunner.stop();
    await store.close();

    // Restart: the SQLite projection resumes from its checkpoint and answers the same.
    const reopened = openSqliteEventStore({ path, clock });
    const again = createSqliteReimbursements(reopened.database);
    expect(again.reimbursements(day.incident.incidentId)).toEqual(expected);
    await reopened.close();
  });
});
