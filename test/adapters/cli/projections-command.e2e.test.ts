// `projections status` and `projections rebuild` through the real binary against a real SQLite
// file: the 7pay-like day (its incident run, so reimbursements have rows), projections built by an
// in-process stand-in of the server (the same composition as its read side: adapters/app/read-side-runner.ts,
// on the read file beside the store's).
// Answers are compared with projections fed by a memory runner over the same store (the
// reference), so a rebuild that left anything out or counted anything twice cannot pass.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { expectAny } from '../../../domain/ports/event-store.ts';
import { type SqliteEventStore, openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { type LedgerProjections, ledgerProjectionNames, memoryLedgerProjections, sqliteLedgerProjections } from '../../../adapters/app/projections-setup.ts';
import type { AccountId } from '../../../domain/ids.ts';
import { instantFromEpochMs } from '../../../domain/instant.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { openReadStoreFile, openReadStoreReadOnly } from '../../../projections/sqlite/read-store-file.ts';
import { startReadSideRunner } from '../../../adapters/app/read-side-runner.ts';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { charged, opened, toppedUp } from '../../projections/support/ledger-fixtures.ts';
import { type TempStore, clockAt, oneLine, runCli, seedSevenPayDay, tempStore } from './cli-fixtures.ts';

const accounts = ['customer-001', 'customer-002', 'customer-007', 'customer-012', 'customer-013', 'customer-040', 'late'] as AccountId[];
const instants = ['2019-07-02T00:00:00Z', '2019-07-03T01:30:00Z', '2019-07-03T12:00:00Z', '2019-07-05T12:00:00Z', '2030-01-01T00:00:00Z']
  .map((iso) => instantFromEpochMs(Date.parse(iso)));
const questions = instants.flatMap((asOf) => instants.map((knownAt) => ({ asOf, knownAt })));

// Plain JSON (Decimal amounts as strings), comparable with toEqual.
const answersOf = <Tx>(built: LedgerProjections<Tx>, incidentId: string) => JSON.parse(JSON.stringify({
  balances: accounts.map((accountId) => questions.map((query) => built.balance.balanceAt(accountId, query) ?? null)),
  reimbursements: built.reimbursements.reimbursements(incidentId as Parameters<typeof built.reimbursements.reimbursements>[0]) ?? null,
})) as unknown;

// What every projection must answer: a memory runner over the store, from zero.
const referenceAnswers = async (store: SqliteEventStore, incidentId: string): Promise<unknown> => {
  const built = memoryLedgerProjections();
  const runner = createProjectionRunner({ store, persistence: built.persistence, projections: built.projections });
  runner.start();
  const head = await store.headPosition();
  for (const name of ledgerProjectionNames) expect((await runner.waitFor(name, head, 10_000)).kind).toBe('caught_up');
  await runner.stop();
  return answersOf(built, incidentId);
};

const readPathOf = (path: string): string => join(dirname(path), 'ledger.read.db');

// The server's read side on the read file: its projections, its runner, started.
const startServerSide = async (path: string) => {
  const store = openSqliteEventStore({ path, clock: clockAt('2019-07-07T00:00:00.000Z'), pollIntervalMs: 10 });
  const failures: string[] = [];
  const { built, runner, database } = await startReadSideRunner(store, { readPath: readPathOf(path), log: (line) => {
    if (line.startsWith('projection ')) failures.push(line);
  } });
  const caughtUp = async (): Promise<void> => {
    const head = await store.headPosition();
    for (const name of ledgerProjectionNames) expect((await runner.waitFor(name, head, 10_000)).kind).toBe('caught_up');
  };
  return { store, built, runner, failures, caughtUp, close: async () => { await runner.stop(); database.close(); await store.close(); } };
};

// The answers of the projections persisted in the read file, read by a new read-only connection.
const persistedAnswers = async (path: string, incidentId: string): Promise<unknown> => {
  const database = openReadStoreReadOnly(readPathOf(path));
  try {
    return answersOf(sqliteLedgerProjections(database), incidentId);
  } finally {
    database.close();
  }
};

const statusOf = async (temp: TempStore) => {
  const run = await runCli(['projections', 'status', '--format', 'json', '--store', temp.store]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { store: string; projections: ReadonlyArray<Record<string, string>> };
};

// In the read file (the event store's own file never holds one: asserted too).
const hasCheckpointTable = async (path: string): Promise<boolean> => {
  const store = openSqliteEventStore({ path, clock: clockAt('2019-07-07T00:00:00.000Z') });
  try {
    expect(store.database.prepare("SELECT 1 FROM sqlite_master WHERE name LIKE 'projection_%'").get()).toBeUndefined();
  } finally {
    await store.close();
  }
  if (!existsSync(readPathOf(path))) return false;
  const database = openReadStoreReadOnly(readPathOf(path));
  try {
    return database.prepare("SELECT 1 FROM sqlite_master WHERE name = 'projection_checkpoints'").get() !== undefined;
  } finally {
    database.close();
  }
};

let temp: TempStore;
let incidentId: string;
beforeEach(async () => {
  temp = tempStore();
  incidentId = (await seedSevenPayDay(temp.path, { runIncident: true })).incident.incidentId;
});
afterEach(() => temp.remove());

describe('wallet-ledger projections status', () => {
  it("reports each projection's checkpoint, the head and how far behind, reading only", async () => {
    const before = await statusOf(temp);
    const head = before.projections[0]?.head ?? '';
    expect(Number(head)).toBeGreaterThan(100);
    expect(before).toEqual({
      store: temp.store,
      projections: ledgerProjectionNames.map((name) => ({ name, checkpoint: '0', head, behind: head, state: 'not_built' })),
    });
    expect(await hasCheckpointTable(temp.path)).toBe(false);

    const server = await startServerSide(temp.path);
    await server.caughtUp();
    await server.runner.stop();
    expect((await statusOf(temp)).projections.map(({ name, checkpoint, behind, state }) => ({ name, checkpoint, behind, state })))
      .toEqual(ledgerProjectionNames.map((name) => ({ name, checkpoint: head, behind: '0', state: 'caught_up' })));

    // Three more events the (stopped) server has not seen.
    await server.store.append('account-late', [opened('late'), toppedUp('late', 1, '500', 't-1'), charged('late', 2, '200', 'c-1')], expectAny);
    await server.store.close();
    const text = await runCli(['projections', 'status', '--store', temp.store]);
    expect(text.code).toBe(0);
    const later = String(Number(head) + 3);
    expect(text.stdout).toMatch(/^projection\s+checkpoint\s+head\s+behind\s+state$/m);
    for (const name of ledgerProjectionNames) expect(text.stdout).toMatch(new RegExp(`^${name}\\s+${head}\\s+${later}\\s+3\\s+behind$`, 'm'));
  });
});

describe('wallet-ledger projections rebuild', () => {
  it('rebuilds each projection from zero to the answers of a fresh fold', async () => {
    const server = await startServerSide(temp.path);
    await server.caughtUp();
    const reference = await referenceAnswers(server.store, incidentId);
    expect(answersOf(server.built, incidentId)).toEqual(reference);
    // A projection bug's aftermath: the rows are gone, the checkpoints still say caught up.
    await server.runner.stop();
    server.built.persistence.transaction((tx) => { for (const projection of server.built.projections) projection.reset(tx); });
    await server.store.close();
    const emptied = await persistedAnswers(temp.path, incidentId);
    expect(emptied).not.toEqual(reference);

    const balance = await runCli(['projections', 'rebuild', 'balance', '--format', 'json', '--store', temp.store]);
    expect(balance.stderr).toBe('');
    expect(balance.code).toBe(0);
    const head = (await statusOf(temp)).projections[0]?.head ?? '';
    expect(JSON.parse(balance.stdout)).toEqual({
      name: 'balance', checkpoint: head, events: Number(head), elapsedMs: expect.any(Number), eventsPerSecond: expect.any(Number), path: 'bulk',
    });
    const text = await runCli(['projections', 'rebuild', 'reimbursements', '--timeout-ms', '60000', '--store', temp.store]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^rebuilt reimbursements \\(bulk\\): ${head} events up to position ${head} in \\d+\\.\\d{3} s, \\d+ events/s\\n$`));
    expect(await persistedAnswers(temp.path, incidentId)).toEqual(reference);
    // The two rebuilt here (the chain-verification projection, also reset above, was not).
    const rebuilt = (await statusOf(temp)).projections.filter(({ name }) => name === 'balance' || name === 'reimbursements');
    expect(rebuilt.map(({ state }) => state)).toEqual(['caught_up', 'caught_up']);
  });

  const historyBatches = 20;
  const historyBatchEvents = 1_000;

  it('ends equal to a fresh fold when a server on the same file appends and projects meanwhile', async () => {
    const server = await startServerSide(temp.path);
    // A longer history, so that the server's appends also land during the pass from zero.
    await server.store.append('account-late', [opened('late')], expectAny);
    for (let batch = 0; batch < historyBatches; batch += 1) {
      const minutes = Array.from({ length: historyBatchEvents }, (_, i) => 10_000 + batch * historyBatchEvents + i);
      await server.store.append('account-late', minutes.map((minute) => toppedUp('late', minute, '3', `h-${minute}`)), expectAny);
    }
    await server.caughtUp();
    let rebuilding = true;
    const cli = runCli(['projections', 'rebuild', 'balance', '--format', 'json', '--store', temp.store]).finally(() => { rebuilding = false; });
    let appended = 0;
    for (let minute = 1; rebuilding && minute <= 2_000; minute += 1) {
      await server.store.append('account-late', [minute % 3 === 0 ? charged('late', minute, '1', `c-${minute}`) : toppedUp('late', minute, '2', `t-${minute}`)], expectAny);
      appended += 1;
    }
    const run = await cli;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'balance' });
    expect(appended).toBeGreaterThan(0);
    await server.caughtUp();
    expect(server.failures).toEqual([]);
    const reference = await referenceAnswers(server.store, incidentId);
    expect(answersOf(server.built, incidentId)).toEqual(reference);
    await server.close();
    expect(await persistedAnswers(temp.path, incidentId)).toEqual(reference);
    // And a rebuild with nothing else running agrees.
    expect((await runCli(['projections', 'rebuild', 'balance', '--store', temp.store])).code).toBe(0);
    expect(await persistedAnswers(temp.path, incidentId)).toEqual(reference);
  });

  // In process, to place the server's batch exactly between the pass's last read and its finish:
  // the runner's bulk path refuses to finish over it (BulkRebuildOvertakenError) and goes on from
  // the server's checkpoint, batch by batch. Finishing over it would leave events missing for good.
  it("ends complete when a server's live batch overtakes the bulk pass, instead of finishing over it", async () => {
    const server = await startServerSide(temp.path);
    await server.caughtUp();
    await server.runner.stop();
    const cliStore = openSqliteEventStore({ path: temp.path, clock: clockAt('2019-07-07T00:00:00.000Z') });
    const cliDatabase = openReadStoreFile(readPathOf(temp.path), () => undefined);
    const cli = sqliteLedgerProjections(cliDatabase);
    const first = await server.store.readAll({ after: 0n, limit: 10 });
    const balance = server.built.projections[0];
    let transactions = 0;
    const persistence = { ...cli.persistence, transaction: (work: (tx: Database) => void) => {
      cli.persistence.transaction(work);
      transactions += 1;
      // After the reset and the one read transaction: the server's runner applies its batch, as
      // applyBatch in projection-runner.ts does when it finds the checkpoint at zero.
      if (transactions === 2) server.built.persistence.transaction((tx) => {
        balance?.applyBatch(tx, first.filter((event) => balance.eventTypes.includes(event.type)));
        server.built.persistence.saveCheckpoint(tx, 'balance', first.at(-1)?.position ?? 0n);
      });
    } };
    const runner = createProjectionRunner({ store: cliStore, persistence, projections: cli.projections, onFailure: () => undefined });
    const head = await cliStore.headPosition();
    expect(await runner.rebuild('balance', 10_000)).toEqual({ kind: 'caught_up', checkpoint: head });
    expect(transactions).toBeGreaterThan(2);
    await runner.stop();
    expect(answersOf(cli, incidentId)).toEqual(await referenceAnswers(cliStore, incidentId));
    await cliStore.close();
    cliDatabase.close();
    // And a server started on the file afterwards agrees.
    const resumed = await startServerSide(temp.path);
    await resumed.caughtUp();
    expect(answersOf(resumed.built, incidentId)).toEqual(await referenceAnswers(resumed.store, incidentId));
    await resumed.close();
    await server.store.close();
  });

  it('refuses an unknown projection, naming the known ones, and a bad --timeout-ms', async () => {
    const unknown = await runCli(['projections', 'rebuild', 'balances', '--store', temp.store]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(oneLine(unknown.stderr)).toBe(`wallet-ledger projections rebuild: unknown projection "balances"; known projections: ${ledgerProjectionNames.join(', ')}`);
    const timeout = await runCli(['projections', 'rebuild', 'balance', '--timeout-ms', 'soon', '--store', temp.store]);
    expect(timeout.code).toBe(2);
    expect(oneLine(timeout.stderr)).toMatch(/^wallet-ledger projections rebuild: invalid --timeout-ms "soon"/);
    expect(await hasCheckpointTable(temp.path)).toBe(false);
  });
});

describe('stores that keep no projection', () => {
  it.each([
    ['memory:', 'memory:'],
    ['esdb://localhost:1?tls=false', 'eventstoredb'],
  ])('refuse status and rebuild on %s, saying where projections live', async (store, shown) => {
    for (const args of [['status'], ['rebuild', 'balance']]) {
      const run = await runCli(['projections', ...args, '--store', store]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toBe(
        `wallet-ledger projections ${args[0]}: ${shown} keeps no projection: they live in the server's memory and are rebuilt from the store at every start`,
      );
    }
  });
});
