// The TEST DOUBLE OF THE EVENTSTOREDB SERVER itself, seen through the raw @eventstore/db-client:
// the server semantics the adapter's tests rely on (each cited in the double from the server's
// source) hold here, so a failure elsewhere is the adapter's, not the double's.
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, NO_STREAM, WrongExpectedVersionError, eventTypeFilter, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStoreDbTestServer } from './test-server-node.ts';

const server = new EventStoreDbTestServer();
let client: EventStoreDBClient;
beforeAll(async () => {
  await server.start();
  client = EventStoreDBClient.connectionString(server.connectionString);
});
afterAll(async () => {
  await client.dispose();
  await server.stop();
});

const collect = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
};

describe('EventStoreDB server test double', () => {
  it('gives every event of a gRPC append its own position, commit = prepare, the same on stream and $all reads', async () => {
    await client.appendToStream('double-a', [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })], { expectedRevision: NO_STREAM });
    const fromStream = (await collect(client.readStream('double-a'))).map(({ event }) => event?.position);
    expect(fromStream.every((position) => position !== undefined && position.commit === position.prepare)).toBe(true);
    expect(fromStream[0]?.commit).toBeLessThan(fromStream[1]?.commit ?? 0n);
    const fromAll = (await collect(client.readAll({ fromPosition: fromStream[0] ?? 'start', maxCount: 2 }))).map(({ event }) => event?.position);
    expect(fromAll).toEqual(fromStream);
  });

  it('includes fromPosition reading $all forwards, excludes it backwards', async () => {
    const all = await collect(client.readAll({ direction: FORWARDS, maxCount: 100 }));
    const second = all[1]?.event?.position;
    if (second === undefined) throw new Error('two events expected');
    expect((await collect(client.readAll({ direction: FORWARDS, fromPosition: second, maxCount: 1 })))[0]?.event?.position).toEqual(second);
    expect((await collect(client.readAll({ direction: BACKWARDS, fromPosition: second, maxCount: 1 })))[0]?.event?.position).toEqual(all[0]?.event?.position);
    expect((await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })))[0]?.event?.position).toEqual(all.at(-1)?.event?.position);
  });

  it('refuses a wrong expected version with the actual revision', async () => {
    const append = client.appendToStream('double-a', jsonEvent({ type: 'C', data: {} }), { expectedRevision: 5n });
    await expect(append).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(client.appendToStream('double-a', jsonEvent({ type: 'C', data: {} }), { expectedRevision: 5n })).rejects.toMatchObject({ actualVersion: 1n });
  });

  it('signals caught-up after the past of a filtered subscription, then delivers live events after its start position', async () => {
    const [first] = await collect(client.readStream('double-a', { maxCount: 1 }));
    const subscription = client.subscribeToAll({ fromPosition: first?.event?.position ?? 'start', filter: eventTypeFilter({ regex: '^B$|^D$' }) });
    const seen: string[] = [];
    const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
    subscription.on('data', (resolved: { event?: { type: string } }) => seen.push(resolved.event?.type ?? '?'));
    await caughtUp;
    expect(seen).toEqual(['B']);
    const live = new Promise<void>((resolve) => subscription.once('data', () => resolve()));
    await client.appendToStream('double-b', jsonEvent({ type: 'D', data: {} }));
    await live;
    expect(seen).toEqual(['B', 'D']);
    await subscription.unsubscribe();
  });
});
