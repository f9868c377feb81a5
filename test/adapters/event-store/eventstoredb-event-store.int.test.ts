// The one EventStore contract against a real EventStoreDB (or KurrentDB) server, when
// EVENTSTORE_CONNECTION_STRING names one, e.g.
//   docker compose up -d eventstore
//   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx vitest run test/adapters/event-store/eventstoredb-event-store.int.test.ts
// The suite uses unique stream and type names, so it runs against a server that keeps data, but
// nothing else may append to that server while it runs (it checks exact global order).
import { describe, it } from 'vitest';
import { openEventStoreDbEventStore } from '../../../adapters/event-store/eventstoredb-event-store.ts';
import { describeEventStoreContract } from './event-store-contract.ts';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
// The contract names its own streams (stream-…, long-…): every non-system stream is "the ledger's" here.
const isLedgerStream = (streamId: string): boolean => !streamId.startsWith('$');

if (connectionString === undefined || connectionString === '') {
  const reason =
    'EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server on this ' +
    "machine). Start one with `docker compose up -d eventstore` and set EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false'.";
  console.warn(reason);
  describe.skip('eventstoredb: EventStore contract', () => {
    it(reason, () => undefined);
  });
} else {
  describeEventStoreContract('eventstoredb', {
    create: async ({ clock }) => openEventStoreDbEventStore({ connectionString, clock, isLedgerStream }),
    // Reopening is a new client on the same server: events, the chain and the recordedAt floor
    // of a stream must all survive it.
    reopen: async (store, { clock }) => {
      await store.close();
      return openEventStoreDbEventStore({ connectionString, clock, isLedgerStream });
    },
  });
}
