// The EventStore contract against the EventStoreDB adapter and the REAL @eventstore/db-client,
// over real gRPC on a loopback port, against the in-process TEST DOUBLE OF THE SERVER
// (test/support/eventstoredb-test-server/). Runs on every machine, in `npm test`. It does not
// replace the same suite against a real server (eventstoredb-event-store.int.test.ts): the double
// follows the server's source for what the adapter relies on, but only a server proves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError, expectAny } from '../../../domain/ports/event-store.ts';
import { ChainVerifier } from '../../../adapters/event-store/hash-chain.ts';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { describeEventStoreContract } from './event-store-contract.ts';
import { ManualClock, appended, newEvent, uniqueName, waitUntil } from './event-store-contract-support.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';

const server = new EventStoreDbTestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());
// The contract names its own streams (stream-…, long-…): every non-system stream is "the ledger's" here.
const everyUserStream = (streamId: string): boolean => !streamId.startsWith('$');
const open = (clock: Clock = new ManualClock()) =>
  openEventStoreDbEventStore({ connectionString: server.connectionString, clock, isLedgerStream: everyUserStream });

describeEventStoreContract('eventstoredb over gRPC (server test double)', {
  create: async ({ clock }) => open(clock),
  reopen: async (store, { clock }) => {
    await store.close();
    return open(clock);
  },
});

describe('eventstoredb adapter over gRPC (server test double): concurrent `any` appends', () => {
  it('keeps the hash chain intact: each append chains to the head the server accepted it on', async () => {
    const store = open();
    const streamId = uniqueName('any-race');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) => store.append(streamId, [newEvent('Raced', { index })], expectAny)),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'appended')).toBe(true);
    const stream = await store.readStream(streamId);
    const verifier = new ChainVerifier(streamId);
    stream.forEach((event) => verifier.accept(event));
    expect(verifier.result()).toMatchObject({ events: 8, verified: true });
    await store.close();
  });
});

describe('eventstoredb adapter over gRPC (server test double): filtered reads of $all', () => {
  it('scans past pages of other events to find a sparse type (the filter runs in the service)', async () => {
    const store = open();
    const [common, rare] = [uniqueName('Common'), uniqueName('Rare')];
    const before = await store.headPosition();
    appended(await store.append(uniqueName('noise'), Array.from({ length: 2_100 }, (_, n) => newEvent(common, { n })), expectAny));
    const [needle] = appended(await store.append(uniqueName('needle'), [newEvent(rare, {})], expectAny));
    expect(await store.readAll({ after: before, types: [rare], limit: 1 })).toEqual([needle]);
    expect(await store.readAll({ after: needle?.position ?? 0n, types: [rare] })).toEqual([]);
    await store.close();
  });
});

describe('eventstoredb adapter over gRPC (server test double): connection loss', () => {
  it('resolves a subscription with StoreUnavailableError when the connection drops, and resumes from the last delivered position', async () => {
    const store = open();
    const type = uniqueName('Dropped');
    const before = await store.headPosition();
    const [first] = appended(await store.append(uniqueName('drop'), [newEvent(type, {})], expectAny));
    const received: bigint[] = [];
    const subscription = store.subscribe({ after: before, types: [type] }, async (batch) => {
      received.push(...batch.map((event) => event.position));
    });
    await waitUntil(() => received.length === 1, 'the first event');
    await server.stop();
    const error = await subscription.done;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.message).toMatch(/^EventStoreDB subscription to \$all failed: /);
    await server.start();

    const [second] = appended(await store.append(uniqueName('drop'), [newEvent(type, {})], expectAny));
    const resumed = store.subscribe({ after: received.at(-1) ?? before, types: [type] }, async (batch) => {
      received.push(...batch.map((event) => event.position));
    });
    await waitUntil(() => received.length === 2, 'the event after the checkpoint');
    expect(received).toEqual([first?.position, second?.position]);
    await store.close();
    expect(await resumed.done).toBeUndefined();
  });
});
