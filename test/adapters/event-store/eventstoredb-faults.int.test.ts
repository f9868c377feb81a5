// Faults between the EventStoreDB adapter and the server, over real gRPC with the real client,
// against the TEST DOUBLE OF THE SERVER (test/support/eventstoredb-test-server/): the server
// stopped and restarted in the middle of an append and of a subscription, a leader change in a
// three-node cluster found by gossip, a node that is not ready (an election) or too busy.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EventStore, StoreUnavailableError, expectExact, expectNoStream,
} from '../../../domain/ports/event-store.ts';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { TransactionLog } from '../../support/eventstoredb-test-server/transaction-log.ts';
import { ManualClock, appended, newEvent, uniqueName, waitUntil } from './event-store-contract-support.ts';

const servers: EventStoreDbTestServer[] = [];
const stores: EventStore[] = [];
const open = (connectionString: string): EventStore => {
  const store = openEventStoreDbEventStore({ connectionString, clock: new ManualClock() });
  stores.push(store);
  return store;
};
const startServer = async (server = new EventStoreDbTestServer()): Promise<EventStoreDbTestServer> => {
  servers.push(server);
  await server.start();
  return server;
};

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('EventStoreDB server stopped and restarted', () => {
  it('in the middle of an append: the caller is told, and after the restart the append is there once, never doubled', async () => {
    const server = await startServer();
    const store = open(server.connectionString);
    const streamId = uniqueName('account');
    // The write reaches the log; the server dies before acknowledging it.
    server.beforeAcknowledge = () => server.stop();
    const append = store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream);
    await expect(append).rejects.toThrow(StoreUnavailableError);
    server.beforeAcknowledge = async () => undefined;
    await server.start();
    // The command path retries with the same expectation: the server refuses a second copy.
    expect(await store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream)).toMatchObject({ kind: 'conflict', actualRevision: 0 });
    const stream = await store.readStream(streamId);
    expect(stream.map((event) => event.type)).toEqual(['WalletOpened']);
    // Acknowledged appends after the restart are all there, in order.
    appended(await store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0)));
    expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([0, 1]);
  });

  it('in the middle of a subscription: it ends with StoreUnavailableError, and one resumed from its last position misses nothing and repeats nothing', async () => {
    const server = await startServer();
    const store = open(server.connectionString);
    const type = uniqueName('Counted');
    const streamId = uniqueName('account');
    const received: bigint[] = [];
    const onBatch = async (batch: ReadonlyArray<{ position: bigint }>): Promise<void> => {
      received.push(...batch.map((event) => event.position));
    };
    const first = store.subscribe({ types: [type] }, onBatch);
    const before = appended(await store.append(streamId, [newEvent(type, { n: 0 }), newEvent(type, { n: 1 })], expectNoStream));
    await waitUntil(() => received.length === 2, 'the first two events');
    await server.stop();
    expect(await first.done).toBeInstanceOf(StoreUnavailableError);
    await server.start();
    const after = appended(await store.append(streamId, [newEvent(type, { n: 2 })], expectExact(1)));
    const resumed = store.subscribe({ types: [type], after: received.at(-1) }, onBatch);
    await waitUntil(() => received.length === 3, 'the event after the restart');
    expect(received).toEqual([...before, ...after].map((event) => event.position));
    await resumed.stop();
  });
});

describe('EventStoreDB three-node cluster (gossip)', () => {
  const startCluster = async (): Promise<EventStoreDbTestServer[]> => {
    const log = new TransactionLog();
    const nodes: EventStoreDbTestServer[] = [];
    for (let index = 0; index < 3; index += 1) nodes.push(new EventStoreDbTestServer({ log, cluster: () => nodes }));
    for (const node of nodes) await startServer(node);
    nodes.forEach((node, index) => {
      node.state = index === 0 ? 'leader' : 'follower';
    });
    return nodes;
  };
  const clusterConnectionString = (nodes: ReadonlyArray<EventStoreDbTestServer>): string =>
    `esdb://${nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}?tls=false&nodePreference=leader`;

  it('retries reads and appends on the new leader after a leader change (NotLeader means nothing was written)', async () => {
    const nodes = await startCluster();
    const store = open(clusterConnectionString(nodes));
    const streamId = uniqueName('account');
    appended(await store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream));
    const [oldLeader, newLeader] = nodes;
    if (oldLeader === undefined || newLeader === undefined) throw new Error('three nodes');
    oldLeader.state = 'follower';
    newLeader.state = 'leader';
    // A read from the leader right after the change: refused by the old one, repeated on the new one.
    expect(await store.readStream(streamId)).toHaveLength(1);
    oldLeader.state = 'leader';
    newLeader.state = 'follower';
    // A new stream needs no head read: the old leader's BatchAppend itself answers NotLeader.
    const otherStream = uniqueName('account');
    appended(await store.append(otherStream, [newEvent('WalletOpened', {})], expectNoStream));
    expect(await store.readStream(otherStream)).toHaveLength(1);
    const [second] = appended(await store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0)));
    expect(second?.revision).toBe(1);
    expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(['WalletOpened', 'WalletToppedUp']);
  });

  it('tells the caller the store is unavailable, and why, while no node is leader (an election)', async () => {
    const nodes = await startCluster();
    const store = open(clusterConnectionString(nodes));
    const streamId = uniqueName('account');
    appended(await store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream));
    nodes.forEach((node) => {
      node.state = 'not_ready';
    });
    const during = store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0));
    await expect(during).rejects.toThrow(StoreUnavailableError);
    await expect(store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0))).rejects.toThrow(/not ready|discover/);
    nodes.forEach((node, index) => {
      node.state = index === 2 ? 'leader' : 'follower';
    });
    // Once elected, the same command goes through, once.
    appended(await store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0)));
    expect(await store.readStream(streamId)).toHaveLength(2);
  });
});

describe('EventStoreDB node not ready or too busy', () => {
  it('maps NotReady and TooBusy to a retryable StoreUnavailableError that says so, for appends and reads', async () => {
    const server = await startServer();
    const store = open(server.connectionString);
    const streamId = uniqueName('account');
    appended(await store.append(streamId, [newEvent('WalletOpened', {})], expectNoStream));
    // A new stream needs no head read: the refusal comes from BatchAppend itself (the client's
    // UnknownError), not from a read (UNAVAILABLE).
    server.state = 'too_busy';
    await expect(store.append(uniqueName('account'), [newEvent('WalletOpened', {})], expectNoStream)).rejects.toThrow(/too busy: retry shortly/);
    server.state = 'not_ready';
    await expect(store.append(uniqueName('account'), [newEvent('WalletOpened', {})], expectNoStream)).rejects.toThrow(/not ready/);
    server.state = 'not_ready';
    await expect(store.readAll()).rejects.toThrow(/not ready \(starting, or electing a leader\): retry shortly/);
    server.state = 'leader';
    appended(await store.append(streamId, [newEvent('WalletToppedUp', {})], expectExact(0)));
    expect(await store.readStream(streamId)).toHaveLength(2);
  });
});
