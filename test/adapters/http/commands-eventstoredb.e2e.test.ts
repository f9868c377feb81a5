// The command routes on the EventStoreDB store, end to end: fastify, the command handler, the
// adapter and the real @eventstore/db-client over real gRPC to the TEST DOUBLE OF THE SERVER
// (test/support/eventstoredb-test-server/). A charge goes through; a replay is idempotent; a server
// that is not ready (an election) is answered 503 store_unavailable, never 500, and the same
// command goes through once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import { EventStoreDbTestServer } from '../../support/eventstoredb-test-server/test-server-node.ts';
import { at, errorShape, fixedClock, fundedAccount, testApp } from './http-fixtures.ts';

const server = new EventStoreDbTestServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const charge = (chargeId: string, amount: string) => ({
  chargeId, amount, merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt: at,
});

describe('command routes on EventStoreDB over gRPC', () => {
  it('charges, replays idempotently, and answers 503 while the server is not ready', async () => {
    const store = openEventStoreDbEventStore({ connectionString: server.connectionString, clock: fixedClock });
    const { app, call } = await testApp({ store });
    await fundedAccount(call, 'esdb-1', '1000');
    const charged = await call('payments', 'POST', '/v1/accounts/esdb-1/charges', charge('c-1', '300'));
    expect(charged.statusCode).toBe(201);
    const replayed = await call('payments', 'POST', '/v1/accounts/esdb-1/charges', charge('c-1', '300'));
    expect(replayed.json()).toMatchObject({ revision: charged.json().revision, position: charged.json().position });

    server.state = 'not_ready';
    const refused = await call('payments', 'POST', '/v1/accounts/esdb-1/charges', charge('c-2', '200'));
    expect(refused.statusCode).toBe(503);
    expect(errorShape(refused).code).toBe('store_unavailable');
    server.state = 'leader';
    expect((await call('payments', 'POST', '/v1/accounts/esdb-1/charges', charge('c-2', '200'))).statusCode).toBe(201);
    const events = await store.readStream('account-esdb-1');
    expect(events.filter((event) => event.type === 'WalletCharged')).toHaveLength(2);
    await app.close();
    await store.close();
  });
});
