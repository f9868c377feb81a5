// Every bound the ledger promises, proven at its edge: request bodies (1 MiB, also when streamed
// without a length), page sizes, append batch sizes, the group-commit queue, command retries,
// read-your-writes waiters and the command path's state cache. Each refusal appends nothing.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { StateCache } from '../../adapters/command-handling/state-cache.ts';
import {
  type EventStore, StoreUnavailableError, appendBatchSizeMax, expectAny, pageLimit, pageSizeMax,
} from '../../domain/ports/event-store.ts';
import { createMemoryEventStore } from '../../adapters/event-store/memory-event-store.ts';
import { openSqliteEventStore } from '../../adapters/event-store/sqlite-event-store.ts';
import { bodyLimitBytes } from '../../adapters/http/build-app.ts';
import { initialState } from '../../domain/state.ts';
import { Waiters } from '../../projections/runner/waiters.ts';
import { temporaryDirectory } from '../adapters/event-store/sqlite-test-files.ts';
import { at, errorShape, fundedAccount, keys, testApp } from '../adapters/http/http-fixtures.ts';
import { openedEvent, topUpEvents } from './support/top-up-events.ts';

const files = temporaryDirectory('limits');
afterAll(files.remove);

// A charge body padded (in `category`, which is then too long, hence 400) to exactly `bytes`.
const chargeOfSize = (bytes: number): string => {
  const base = JSON.stringify({ chargeId: 'c-big', amount: '1', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at, category: '' });
  return base.replace('"category":""', `"category":"${'x'.repeat(bytes - base.length)}"`);
};

const postCharge = (target: Awaited<ReturnType<typeof testApp>>, payload: string | Readable, headers: Record<string, string> = {}) =>
  target.app.inject({
    method: 'POST',
    url: '/v1/accounts/acc-1/charges',
    headers: { authorization: `Bearer ${keys.payments}`, 'content-type': 'application/json', ...headers },
    payload,
  });

describe('request bodies', () => {
  it('take 1 MiB and refuse one byte more with 413, also streamed without a content-length', async () => {
    const target = await testApp();
    await fundedAccount(target.call, 'acc-1', '1000');
    const head = await target.store.headPosition();
    const atLimit = await postCharge(target, chargeOfSize(bodyLimitBytes));
    expect([atLimit.statusCode, errorShape(atLimit).code]).toEqual([400, 'invalid_request']);
    const over = await postCharge(target, chargeOfSize(bodyLimitBytes + 1));
    expect([over.statusCode, errorShape(over).code]).toEqual([413, 'payload_too_large']);
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 'x'));
    const streamed = await postCharge(target, Readable.from(chunks), { 'transfer-encoding': 'chunked' });
    expect([streamed.statusCode, errorShape(streamed).code]).toEqual([413, 'payload_too_large']);
    expect(await target.store.headPosition()).toBe(head);
  });
});

describe('pages', () => {
  const stores: ReadonlyArray<readonly [string, () => EventStore]> = [
    ['memory', () => createMemoryEventStore()],
    ['sqlite', () => openSqliteEventStore({ path: files.nextPath() })],
  ];

  it.each(stores)('%s store: reads return at most a page (1,000 events) whatever limit is asked; bad limits throw', async (_name, open) => {
    const store = open();
    await store.append('account-paged', [openedEvent('paged'), ...topUpEvents('paged', 2_500)], expectAny);
    expect(await store.readStream('account-paged', { limit: 1_000_000 })).toHaveLength(pageSizeMax);
    expect(await store.readAll({ limit: 1_000_000 })).toHaveLength(pageSizeMax);
    expect(await store.readStream('account-paged')).toHaveLength(pageSizeMax);
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => pageLimit(limit)).toThrow(RangeError);
    await store.close();
  });

  it('the history route answers 100 events by default, 1,000 at most, and refuses a larger limit', async () => {
    const store = createMemoryEventStore();
    await store.append('account-paged', [openedEvent('paged'), ...topUpEvents('paged', 2_500)], expectAny);
    const { call } = await testApp({ store });
    const page = async (query: string) => call('auditor', 'GET', `/v1/accounts/paged/events${query}`);
    const eventsIn = (body: unknown): number => {
      const events = typeof body === 'object' && body !== null && 'events' in body ? body.events : undefined;
      return Array.isArray(events) ? events.length : -1;
    };
    expect(eventsIn((await page('')).json())).toBe(100);
    expect(eventsIn((await page('?limit=1000')).json())).toBe(1000);
    for (const limit of ['1001', '1000000', '0']) expect((await page(`?limit=${limit}`)).statusCode).toBe(400);
    expect((await call('auditor', 'GET', '/v1/fraud/alerts?limit=1001')).statusCode).toBe(400);
  });
});

describe('batches and queues', () => {
  it('an append of more than appendBatchSizeMax events is refused whole, on every store', async () => {
    for (const store of [createMemoryEventStore(), openSqliteEventStore({ path: files.nextPath() })]) {
      await expect(store.append('account-big', topUpEvents('big', appendBatchSizeMax + 1), expectAny)).rejects.toThrow(RangeError);
      expect(await store.headPosition()).toBe(0n);
      await store.append('account-big', topUpEvents('big', appendBatchSizeMax), expectAny);
      expect(await store.headPosition()).toBe(BigInt(appendBatchSizeMax));
      await store.close();
    }
  });

  it('the group-commit queue refuses appends beyond pendingAppendsMax instead of growing', async () => {
    const store = openSqliteEventStore({
      path: files.nextPath(),
      groupCommitLimits: { appendsPerGroupMax: 5, eventsPerGroupMax: 100, pendingAppendsMax: 10 },
    });
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, (_, index) => store.append(`account-q${index}`, [openedEvent(`q${index}`)], expectAny)));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(StoreUnavailableError);
    expect(await store.headPosition()).toBe(BigInt(50 - refused.length));
    await store.close();
  });

  it('read-your-writes waiters are bounded: beyond waitersMax a wait answers busy at once', async () => {
    const waiters = new Waiters(3);
    const pending = [1n, 2n, 3n].map((position) => waiters.wait(position, 0n, 60_000));
    expect(await waiters.wait(4n, 0n, 60_000)).toEqual({ kind: 'busy' });
    waiters.reached(3n);
    expect((await Promise.all(pending)).map((outcome) => outcome.kind)).toEqual(['caught_up', 'caught_up', 'caught_up']);
  });

  it('the command path caches at most streamsMax account states', () => {
    const cache = new StateCache({ streamsMax: 3 });
    for (const stream of ['a', 'b', 'c', 'd']) cache.set(stream, { status: 'none', version: 7 });
    expect(cache.get('a')).toEqual(initialState());
    expect(cache.get('d')).toEqual({ status: 'none', version: 7 });
  });

  it('the command path caches states holding at most eventsMax events, always keeping the newest', () => {
    const cache = new StateCache({ eventsMax: 20 });
    cache.set('a', { status: 'none', version: 8 });
    cache.set('b', { status: 'none', version: 8 });
    expect(cache.size).toEqual({ streams: 2, events: 16 });
    cache.set('c', { status: 'none', version: 8 });
    expect(cache.size).toEqual({ streams: 2, events: 16 });
    expect(cache.get('a')).toEqual(initialState());
    // A state larger than the bound on its own is still kept while it is the newest.
    cache.set('giant', { status: 'none', version: 50 });
    expect(cache.size).toEqual({ streams: 1, events: 50 });
    expect(cache.get('giant').version).toBe(50);
    // A newer state of the same stream replaces its weight, it does not add to it.
    cache.set('giant', { status: 'none', version: 51 });
    expect(cache.size).toEqual({ streams: 1, events: 51 });
  });
});

describe('retries', () => {
  it('a command that keeps losing its revision race stops after 16 appends with 503 retries_exhausted', async () => {
    const inner = createMemoryEventStore();
    let appends = 0;
    let conflicting = false;
    const store: EventStore = {
      ...inner,
      append: async (streamId, events, expected) => {
        if (!conflicting) return inner.append(streamId, events, expected);
        appends += 1;
        return { kind: 'conflict', streamId, expected, actualRevision: 99 };
      },
    };
    const target = await testApp({ store });
    await fundedAccount(target.call, 'acc-1', '1000');
    conflicting = true;
    const response = await target.call('payments', 'POST', '/v1/accounts/acc-1/top-ups', { topUpId: 't-x', amount: '1', source: 'bank', occurredAt: at });
    expect([response.statusCode, errorShape(response).code, appends]).toEqual([503, 'retries_exhausted', 16]);
  });
});
