// Property: reimbursements are one fold. For any mix of declarations and reversals (by an
// incident or not, in several currencies, appended in several writes), the projection in memory,
// the projection persisted in a real read file, and the CLI's scan of the store answer the same
// for every incident, known or not, and that answer counts and sums what was reversed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../../adapters/event-store/sqlite-event-store.ts';
import { readReimbursements } from '../../../adapters/incidents/reimbursements-from-store.ts';
import { literal } from '../../../adapters/incidents/scenario-ids.ts';
import { IncidentId } from '../../../domain/ids.ts';
import { LedgerDecimal } from '../../../domain/money.ts';
import { type NewEvent, expectAny } from '../../../domain/ports/event-store.ts';
import { createMemoryReimbursements } from '../../../projections/reimbursements/reimbursements-projection.ts';
import { createSqliteReimbursements } from '../../../projections/reimbursements/sqlite-reimbursements-projection.ts';
import { createMemoryProjectionPersistence } from '../../../projections/runner/memory-projection-persistence.ts';
import { createProjectionRunner } from '../../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../../projections/runner/sqlite-projection-persistence.ts';
import { openReadStoreFile } from '../../../projections/sqlite/read-store-file.ts';

const directory = mkdtempSync(join(tmpdir(), 'wallet-ledger-reimbursements-agree-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const clock = { now: () => new Date('2019-07-05T00:00:00.000Z') };

const incidents = ['inc-0', 'inc-1', 'inc-2'] as const;
// Two JPY accounts (scale 0) and two USD accounts (scale 2).
const accounts = [['acc-0', 'JPY'], ['acc-1', 'JPY'], ['acc-2', 'USD'], ['acc-3', 'USD']] as const;
const at = '2019-07-04T09:00:00.000Z';

type Operation =
  | Readonly<{ kind: 'declare'; incident: number }>
  | Readonly<{ kind: 'reverse'; incident: number | undefined; account: number; minorUnits: number }>;

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('declare' as const), incident: fc.nat(incidents.length - 1) }),
  fc.record({
    kind: fc.constant('reverse' as const),
    incident: fc.option(fc.nat(incidents.length - 1), { nil: undefined }),
    account: fc.nat(accounts.length - 1),
    minorUnits: fc.integer({ min: 1, max: 9_999_999 }),
  }),
);

const amountOf = (currency: string, minorUnits: number): string =>
  currency === 'JPY' ? String(minorUnits) : new LedgerDecimal(minorUnits).dividedBy(100).toFixed(2);

const eventOf = (op: Operation, index: number): Readonly<{ streamId: string; event: NewEvent }> => {
  if (op.kind === 'declare') {
    const incidentId = incidents[op.incident] ?? 'inc-0';
    const data = {
      incidentId, description: 'property', window: { from: '2019-07-01T00:00:00.000Z', to: '2019-07-05T00:00:00.000Z' },
      criteria: {}, requestedOccurredAt: null, reversalsOccurredAt: at, occurredAt: at,
    };
    return { streamId: `incident-${incidentId}-${index}`, event: { type: 'IncidentDeclared', data, occurredAt: at } };
  }
  const [accountId, currency] = accounts[op.account] ?? accounts[0];
  const data = {
    accountId, chargeId: `charge-${index}`, amount: { amount: amountOf(currency, op.minorUnits), currency }, reason: 'fraud', occurredAt: at,
    ...(op.incident === undefined ? {} : { incidentId: incidents[op.incident] }),
  };
  return { streamId: `account-${accountId}`, event: { type: 'ChargeReversed', data, occurredAt: at } };
};

const checkOnce = async (operations: ReadonlyArray<Operation>, writes: number, run: number): Promise<void> => {
  const store = openSqliteEventStore({ path: join(directory, `ledger-${run}.db`), clock });
  const readFile = openReadStoreFile(join(directory, `ledger-${run}.read.db`), () => undefined);
  const size = Math.max(1, Math.ceil(operations.length / writes));
  for (let start = 0; start < operations.length; start += size) {
    for (const [index, op] of operations.slice(start, start + size).entries()) {
      const { streamId, event } = eventOf(op, start + index);
      await store.append(streamId, [event], expectAny);
    }
  }
  const memory = createMemoryReimbursements();
  const sqlite = createSqliteReimbursements(readFile);
  const runners = [
    createProjectionRunner({ store, persistence: createMemoryProjectionPersistence(), projections: [memory.projection] }),
    createProjectionRunner({ store, persistence: createSqliteProjectionPersistence(readFile), projections: [sqlite.projection] }),
  ];
  const head = await store.headPosition();
  for (const runner of runners) runner.start();
  for (const runner of runners) expect((await runner.waitFor('reimbursements', head, 10_000)).kind).toBe('caught_up');
  for (const name of [...incidents, 'inc-unknown']) {
    const incidentId = literal(IncidentId, name);
    const fromStore = await readReimbursements(store, incidentId);
    expect(memory.reimbursements(incidentId)).toEqual(fromStore);
    expect(sqlite.reimbursements(incidentId)).toEqual(fromStore);
    // The answer itself: known when declared or reversing, and every reversal by it counted once.
    const mine = operations.filter((op) => op.incident !== undefined && incidents[op.incident] === name);
    const reversals = mine.filter((op) => op.kind === 'reverse');
    expect(fromStore === undefined).toBe(mine.length === 0);
    expect(fromStore?.rows.reduce((sum, row) => sum + row.charges, 0) ?? 0).toBe(reversals.length);
  }
  for (const runner of runners) await runner.stop();
  readFile.close();
  await store.close();
};

describe('reimbursements, one fold', () => {
  it('agree in memory, in the read file and from the store, for any declarations and reversals', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 0, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), async (operations, writes) => {
        run += 1;
        await checkOnce(operations, writes, run);
      }),
      { seed: 20261203, numRuns: 12 },
    );
  });
});
