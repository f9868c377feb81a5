// What the EventStoreDB adapter does with the server's answers beyond the contract, over real gRPC
// with the real client, against the TEST DOUBLE OF THE SERVER (test/support/eventstoredb-test-server/):
// other applications' streams in $all, a server too old for the adapter, the client's Append path
// (servers without BatchAppend), appends over the maximum append size, and a server that does not answer.
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStore, StoreUnavailableError, expectAny, expectNoStream } from '../../../domain/ports/event-store.ts';
import { type EventStoreDbOptions, openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import { AppendTooLargeError } from '../../../adapters/event-store/eventstoredb-append-size.ts';
import { EventStoreDbTestServer, type TestServerOptions } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { ManualClock, appended, newEvent, uniqueName, waitUntil } from './event-store-contract-support.ts';

const opened: Array<{ server: EventStoreDbTestServer; store: EventStore }> = [];
const start = async (
  serverOptions: TestServerOptions = {}, storeOptions: Omit<EventStoreDbOptions, 'connectionString'> = {},
): Promise<{ server: EventStoreDbTestServer; store: EventStore }> => {
  const server = new EventStoreDbTestServer(serverOptions);
  await server.start();
  const store = openEventStoreDbEventStore({ connectionString: server.connectionString, clock: new ManualClock(), ...storeOptions });
  opened.push({ server, store });
  return { server, store };
};

afterEach(async () => {
  for (const { server, store } of opened.splice(0)) {
    await store.close();
    await server.stop();
  }
});

describe('EventStoreDB adapter in a shared cluster', () => {
  it("steps over other applications' streams in $all reads, subscriptions and the head, instead of calling them corrupt", async () => {
    const { store } = await start();
    const [ledger] = appended(await store.append(uniqueName('account'), [newEvent('WalletOpened', {})], expectNoStream));
    // Another application writes its own events (not JSON with the ledger's metadata) after it.
    appended(await openOther(opened[0]?.server).append(uniqueName('orders'), [newEvent('OrderPlaced', { n: 1 })], expectAny));
    expect(await store.readAll()).toEqual([ledger]);
    expect(await store.headPosition()).toBe(ledger?.position);
    const received: string[] = [];
    const subscription = store.subscribe({}, async (batch) => {
      received.push(...batch.map((event) => event.streamId));
    });
    const [later] = appended(await store.append(uniqueName('incident'), [newEvent('IncidentDeclared', {})], expectNoStream));
    await waitUntil(() => received.length === 2, 'both ledger events');
    expect(received).toEqual([ledger?.streamId, later?.streamId]);
    await subscription.stop();
    expect(await subscription.done).toBeUndefined();
  });
});

// A second writer on the same server: the adapter with every stream counted as its own, standing
// in for any other application (its events are valid JSON, but not in the ledger's streams).
const openOther = (server: EventStoreDbTestServer | undefined): EventStore => {
  if (server === undefined) throw new Error('no server');
  const store = openEventStoreDbEventStore({ connectionString: server.connectionString, isLedgerStream: () => true });
  opened.push({ server, store });
  return store;
};

describe('EventStoreDB adapter and the server version', () => {
  it('refuses a server before 22.6 (stream reads without positions) saying so, not as corruption', async () => {
    const { store } = await start({ version: '21.10.7', streamReadPositions: false, batchAppend: false });
    const append = store.append(uniqueName('account'), [newEvent('WalletOpened', {})], expectNoStream);
    await expect(append).rejects.toThrow(StoreUnavailableError);
    await expect(store.append(uniqueName('account'), [newEvent('WalletOpened', {})], expectNoStream))
      .rejects.toThrow(/must be EventStoreDB 22\.6 or later/);
  });

  it('appends through Append when the server has no BatchAppend (the client chooses by ServerFeatures)', async () => {
    const { store } = await start({ version: '22.10.0', batchAppend: false });
    const streamId = uniqueName('account');
    const written = appended(await store.append(streamId, [newEvent('WalletOpened', {}), newEvent('WalletToppedUp', {})], expectNoStream));
    expect(await store.readStream(streamId)).toEqual(written);
    expect(await store.append(streamId, [newEvent('WalletToppedUp', {})], expectNoStream)).toMatchObject({ kind: 'conflict', actualRevision: 1 });
  });
});

describe('EventStoreDB adapter and the maximum append size', () => {
  const bigEvents = (count: number) => Array.from({ length: count }, (_, n) => newEvent('Seeded', { n, padding: 'x'.repeat(1_000) }));

  it('refuses an append over its maxAppendSizeBytes before sending it: nothing is written, the error says why', async () => {
    const { store } = await start({}, { maxAppendSizeBytes: 20_000 });
    const streamId = uniqueName('account');
    const append = store.append(streamId, bigEvents(30), expectNoStream);
    await expect(append).rejects.toThrow(AppendTooLargeError);
    await expect(store.append(streamId, bigEvents(30), expectNoStream)).rejects.toThrow(/exceed the server's maximum append size of 20000 bytes/);
    expect(await store.readStream(streamId)).toEqual([]);
    expect(appended(await store.append(streamId, bigEvents(10), expectNoStream))).toHaveLength(10);
  });

  it("refuses it the same way when the server's MaxAppendSize is lower than the adapter was told", async () => {
    const { store } = await start({ maxAppendSize: 20_000 });
    const streamId = uniqueName('account');
    await expect(store.append(streamId, bigEvents(30), expectNoStream)).rejects.toThrow(/maximum append size of 20000 bytes/);
    expect(await store.readStream(streamId)).toEqual([]);
  });
});

describe('EventStoreDB adapter when the server does not answer', () => {
  it('bounds a read (the client waits forever) with StoreUnavailableError', async () => {
    const { server, store } = await start({}, { readTimeoutMs: 200 });
    server.beforeRead = () => new Promise(() => undefined);
    await expect(store.readStream(uniqueName('account'))).rejects.toThrow(/no complete answer within 200 ms/);
    await expect(store.readAll()).rejects.toThrow(StoreUnavailableError);
  });

  it('bounds an append and says its outcome is unknown; the retry with the same expectation cannot double it', async () => {
    const { server, store } = await start({}, { appendTimeoutMs: 200 });
    const streamId = uniqueName('account');
    server.beforeAcknowledge = () => new Promise(() => undefined);
    await expect(store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream)).rejects.toThrow(/may or may not have been written/);
    server.beforeAcknowledge = async () => undefined;
    expect(await store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream)).toMatchObject({ kind: 'conflict', actualRevision: 0 });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('says an append was written when only reading it back failed, so nobody takes it for a failed write', async () => {
    const { server, store } = await start();
    const streamId = uniqueName('account');
    // Acknowledged, then the node stops serving reads before the adapter reads the event back.
    server.beforeAcknowledge = async () => {
      server.state = 'not_ready';
    };
    await expect(store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream)).rejects.toThrow(/was written, but reading it back failed/);
    server.state = 'leader';
    expect(await store.readStream(streamId)).toHaveLength(1);
  });
});
