// What the EventStoreDB adapter uses of @eventstore/db-client: the real EventStoreDBClient in
// production, a stand-in with the same semantics in tests that run without a server.
import type { EventStoreDBClient } from '@eventstore/db-client';

export type EventStoreDbClientPort = Pick<
  EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;
