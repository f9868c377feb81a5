// The real client against an address where no server listens (a loopback port just released):
// every operation must fail with the port's StoreUnavailableError, with a message that says so,
// and a subscription's `done` must resolve with it so the projection runner can resume later.
// Runs without an EventStoreDB server.
import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStore, StoreUnavailableError, expectNoStream } from '../../../domain/ports/event-store.ts';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';

const releasedLoopbackPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
};

describe('EventStoreDB adapter when the server cannot be reached', () => {
  let store: EventStore;

  beforeAll(async () => {
    const port = await releasedLoopbackPort();
    store = openEventStoreDbEventStore({ connectionString: `esdb://127.0.0.1:${port}?tls=false` });
  });

  afterAll(async () => {
    await store.close();
  });

  it('fails reads, appends and the head with StoreUnavailableError', async () => {
    const unavailable = /^EventStoreDB .* failed: /;
    await expect(store.readStream('account-x')).rejects.toThrow(StoreUnavailableError);
    await expect(store.readStream('account-x')).rejects.toThrow(unavailable);
    await expect(store.readAll({ limit: 10 })).rejects.toThrow(StoreUnavailableError);
    await expect(store.headPosition()).rejects.toThrow(StoreUnavailableError);
    const append = store.append('account-x', [{ type: 'WalletOpened', data: {}, occurredAt: '2024-06-01T00:00:00.000Z' }], expectNoStream);
    await expect(append).rejects.toThrow(StoreUnavailableError);
  });

  it('ends a subscription with StoreUnavailableError in done, without calling the handler', async () => {
    let batches = 0;
    const subscription = store.subscribe({}, async () => {
      batches += 1;
    });
    const error = await subscription.done;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error?.message).toMatch(/^EventStoreDB subscription to \$all failed: /);
    expect(batches).toBe(0);
    await subscription.stop();
  });

  it('refuses a malformed connection string as unavailable, saying why', () => {
    expect(() => openEventStoreDbEventStore({ connectionString: 'http://localhost:2113' })).toThrow(StoreUnavailableError);
  });
});
