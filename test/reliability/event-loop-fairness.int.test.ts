// Long scans of a local store (SQLite, memory: reads answer at once) must share the process with
// the requests it serves: an audit of a long account, the fraud detector catching up, an incident's
// scan and a cold command load each let a timer run before they finish.
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../adapters/command-handling/command-handler.ts';
import { type EventStore, type NewEvent, appendBatchSizeMax, expectAny } from '../../adapters/event-store/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { selectIncidentCharges } from '../../adapters/incidents/run-incident.ts';
import { literal } from '../../adapters/incidents/scenario-ids.ts';
import { AccountId, IncidentId, Text, TopUpId } from '../../domain/ids.ts';
import { InstantCodec } from '../../domain/instant.ts';
import { PositiveAmountCodec } from '../../domain/money.ts';
import { auditAccount } from '../../projections/account-audit.ts';
import { createFraudAlertDriver } from '../../projections/fraud/alert-driver.ts';
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

// Resolves with whether a timer scheduled just before `work` started ran before it finished.
const timerRanDuring = async (work: () => Promise<unknown>): Promise<boolean> => {
  let finished = false;
  const timerSawUnfinished = new Promise<boolean>((resolve) => setImmediate(() => resolve(!finished)));
  await work();
  finished = true;
  return timerSawUnfinished;
};

const stores: ReadonlyArray<readonly [string, () => EventStore]> = [
  ['memory', () => createMemoryEventStore()],
  ['sqlite', () => openSqliteEventStore({ path: files.nextPath() })],
];

describe.each(stores)('long scans yield to the event loop (%s store)', (_name, open) => {
  it('audit, fraud catch-up, incident scan and a cold command load each let a timer run', async () => {
    const store = await seeded(open());
    expect(await timerRanDuring(() => auditAccount(store, literal(AccountId, 'long')))).toBe(true);
    expect(await timerRanDuring(() => createFraudAlertDriver({ store }).catchUp())).toBe(true);
    const request = {
      incidentId: literal(IncidentId, 'scan'), description: literal(Text, 'scan'),
      window: { from: literal(InstantCodec, '2024-01-01T00:00:00Z'), to: literal(InstantCodec, '2025-01-01T00:00:00Z') },
      criteria: {},
    };
    expect(await timerRanDuring(() => selectIncidentCharges({ store }, request))).toBe(true);
    const topUp = {
      kind: 'TopUpWallet' as const, accountId: literal(AccountId, 'long'), topUpId: literal(TopUpId, 'late'),
      amount: literal(PositiveAmountCodec, '1'), source: literal(Text, 'bank'), occurredAt: literal(InstantCodec, occurredAt),
    };
    expect(await timerRanDuring(() => createCommandHandler(store)(topUp))).toBe(true);
    await store.close();
  });
});
