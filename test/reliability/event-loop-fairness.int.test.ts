// Long scans of a local store (SQLite, memory: reads answer at once) must share the process with
// the requests it serves: an audit of a long account, the fraud detector catching up, an incident's
// scan and a cold command load each let a timer run before they finish.
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../adapters/command-handling/command-handler.ts';
import { type EventStore, type NewEvent, appendBatchSizeMax, expectAny } from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import type { Database } from '../../adapters/event-store/sqlite-event-store.ts';
import { selectIncidentCharges } from '../../adapters/incidents/run-incident.ts';
import { literal } from '../../adapters/incidents/scenario-ids.ts';
import { AccountId, IncidentId, Text, TopUpId } from '../../domain/ids.ts';
import { InstantCodec } from '../../domain/instant.ts';
import { PositiveAmountCodec } from '../../domain/money.ts';
import { auditAccount } from '../../projections/account-audit.ts';
import { createSqliteBalanceIndex } from '../../projections/balance/sqlite-balance-index.ts';
import { createProjectionRunner } from '../../projections/runner/projection-runner.ts';
import { createSqliteProjectionPersistence } from '../../projections/runner/sqlite-projection-persistence.ts';
import { detectedAlerts } from '../support/detected-alerts.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { openedEvent, topUpEvents } from './support/top-up-events.ts';

const files = temporaryDirectory('event-loop-fairness');
afterAll(files.remove);
const eventsTotal = 20_000;
const occurredAt = '2024-05-01T01:00:00.000Z';

const chargeEvents = (accountId: string, count: number, offset: number): ReadonlyArray<NewEvent> =>
  Array.from({ length: count }, (_, index) => ({
    type: 'WalletCharged',
    occurredAt,
    data: {
      accountId, chargeId: `c-${offset + index}`, amount: { amount: '1', currency: 'JPY' },
      merchantId: 'm', storeId: 's', deviceId: 'phone', occurredAt,
    },
  }));

const seeded = async (store: EventStore): Promise<EventStore> => {
  await store.append('account-long', [openedEvent('long'), ...topUpEvents('long', 1).map((event) => ({
    ...event, data: { ...event.data, amount: { amount: String(eventsTotal), currency: 'JPY' } },
  }))], expectAny);
  for (let done = 0; done < eventsTotal; done += appendBatchSizeMax) {
    await store.append('account-long', chargeEvents('long', appendBatchSizeMax, done), expectAny);
  }
  return store;
};

// How many event-loop turns ran while `work` was in progress (a turn-counting immediate chain).
// 20,000 events are 20 pages: a loop that yields per page gives the event loop about 20 turns.
const turnsDuring = async (work: () => Promise<unknown>): Promise<number> => {
  let turns = 0;
  let finished = false;
  const tick = (): void => {
    if (finished) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  finished = true;
  return turns;
};
const turnsPerScanMin = 15;

const stores: ReadonlyArray<readonly [string, () => EventStore]> = [
  ['memory', () => createMemoryEventStore()],
  ['sqlite', () => openSqliteEventStore({ path: files.nextPath() })],
];

describe.each(stores)('long scans yield to the event loop (%s store)', (_name, open) => {
  it('audit, fraud catch-up, incident scan and a cold command load each give the event loop a turn per page', async () => {
    const store = await seeded(open());
    expect(await turnsDuring(() => auditAccount(store, literal(AccountId, 'long')))).toBeGreaterThanOrEqual(turnsPerScanMin);
    expect(await turnsDuring(() => detectedAlerts(store))).toBeGreaterThanOrEqual(turnsPerScanMin);
    const request = {
      incidentId: literal(IncidentId, 'scan'), description: literal(Text, 'scan'),
      window: { from: literal(InstantCodec, '2024-01-01T00:00:00Z'), to: literal(InstantCodec, '2025-01-01T00:00:00Z') },
      criteria: {},
    };
    expect(await turnsDuring(() => selectIncidentCharges({ store }, request))).toBeGreaterThanOrEqual(turnsPerScanMin);
    const topUp = {
      kind: 'TopUpWallet' as const, accountId: literal(AccountId, 'long'), topUpId: literal(TopUpId, 'late'),
      amount: literal(PositiveAmountCodec, '1'), source: literal(Text, 'bank'), occurredAt: literal(InstantCodec, occurredAt),
    };
    expect(await turnsDuring(() => createCommandHandler(store)(topUp))).toBeGreaterThanOrEqual(turnsPerScanMin);
    await store.close();
  });
});

describe('a bulk rebuild yields to the event loop', () => {
  // Its transactions are sized by time (about 50 ms each, bulk-rebuild.ts), so how many there are
  // depends on the machine; what must hold is a turn of the event loop after every one of them.
  it('lets a timer run after every transaction while the SQLite balance index rebuilds from zero', async () => {
    const store = openSqliteEventStore({ path: files.nextPath() });
    await seeded(store);
    const index = createSqliteBalanceIndex(store.database, undefined, 'balance');
    const persistence = createSqliteProjectionPersistence(store.database);
    let transactions = 0;
    const counted = { ...persistence, transaction: (work: (tx: Database) => void) => {
      transactions += 1;
      persistence.transaction(work);
    } };
    const runner = createProjectionRunner({ store, persistence: counted, projections: [index.projection] });
    runner.start();
    expect((await runner.waitFor('balance', await store.headPosition(), 60_000)).kind).toBe('caught_up');
    transactions = 0;
    const turns = await turnsDuring(() => runner.rebuild('balance', 60_000));
    // Reset + begin, then the reads, then finish: a turn after every read, and more than one read.
    expect(transactions).toBeGreaterThanOrEqual(4);
    expect(turns).toBeGreaterThanOrEqual(transactions - 2);
    await runner.stop();
    await store.close();
  });
});
