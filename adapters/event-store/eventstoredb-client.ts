// Everything the EventStoreDB adapter takes from @eventstore/db-client, in one place: the rest of
// the adapter imports from here, never from the package. Moving to @kurrent/kurrentdb-client (the
// same gRPC protocol under KurrentDB's name) is then a change of this file: the package name, the
// client class and its factory (docs/eventstoredb.md lists what else to check).
import { EventStoreDBClient } from '@eventstore/db-client';

export {
  ANY, BACKWARDS, END, ErrorType, FORWARDS, MaxAppendSizeExceededError, NO_STREAM, NotLeaderError,
  StreamNotFoundError, WrongExpectedVersionError, eventTypeFilter, isCommandError, jsonEvent,
} from '@eventstore/db-client';
export type {
  AllStreamResolvedEvent, AppendExpectedRevision, CurrentRevision, EventData, Position, RecordedEvent,
  RegexFilter, ResolvedEvent, StreamingRead,
} from '@eventstore/db-client';

// The operations the adapter uses: the real client in production, and in tests the real client
// too, talking gRPC to a test double of the server (test/support/eventstoredb-test-server/).
export type EventStoreDbClientPort = Pick<
  EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

// A client for a connection string (esdb://, esdb+discover://); it connects lazily.
export const connectToEventStoreDb = (connectionString: string): EventStoreDbClientPort =>
  EventStoreDBClient.connectionString(connectionString);
