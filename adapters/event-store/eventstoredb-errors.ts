// EventStoreDB client errors as the port's tagged errors. Everything that says "the store cannot
// be reached or cannot serve now" becomes StoreUnavailableError, with the operation, the kind of
// failure and what to do in the message; the caller (command path, projection runner) decides to
// retry. Errors that are already the port's own pass through unchanged.
import { ErrorType, NotLeaderError, isCommandError } from './eventstoredb-client.ts';
import { StoreCorruptedError, StoreUnavailableError } from '../../domain/ports/event-store.ts';

const hints: Partial<Record<ErrorType, string>> = {
  [ErrorType.UNAVAILABLE]: 'the server cannot be reached (down, restarting, or a network partition)',
  [ErrorType.DEADLINE_EXCEEDED]: 'the server did not answer before the deadline',
  [ErrorType.TIMEOUT]: 'the server aborted the operation (timeout)',
  [ErrorType.CANCELLED]: 'the server cancelled the call',
  [ErrorType.NOT_LEADER]: 'the node is not the cluster leader (use nodePreference=leader in the connection string)',
  [ErrorType.ACCESS_DENIED]: 'access denied: check the credentials in the connection string',
  [ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED]: 'the append is larger than the server accepts (MaxAppendSize)',
  [ErrorType.UNKNOWN]: 'unknown server error',
};

// A node that cannot take requests now answers with these messages: "Server Is Not Ready" during
// start-up or an election, "Server Is Busy" / "Server Is Too Busy" when its queues are full
// (server source: RpcExceptions.cs ServerNotReady/ServerBusy for reads and Append; Streams.
// BatchAppend.cs for appends, where the status details are an Empty that @eventstore/db-client
// does not recognise and raises as UnknownError "Could not recognize Server Is Not Ready"). Both
// are transient: retry after a pause.
const transientRefusals: ReadonlyArray<readonly [RegExp, string]> = [
  [/Server Is Not Ready/i, 'the server is not ready (starting, or electing a leader): retry shortly'],
  [/Server Is (Too )?Busy/i, 'the server is too busy: retry shortly'],
];

const hintFor = (error: Error & { type: ErrorType }): string => {
  const transient = transientRefusals.find(([pattern]) => pattern.test(error.message));
  if (transient !== undefined) return transient[1];
  return hints[error.type] ?? `server error ${error.type}`;
};

export const toStoreError = (error: unknown, operation: string): Error => {
  if (error instanceof StoreUnavailableError || error instanceof StoreCorruptedError) return error;
  if (error instanceof Error && isCommandError(error)) {
    const leader = error instanceof NotLeaderError ? ` (leader: ${error.leader.address}:${error.leader.port})` : '';
    const detail = error.message === '' ? '' : `: ${error.message}`;
    return new StoreUnavailableError(`EventStoreDB ${operation} failed: ${hintFor(error)}${leader}${detail}`, { cause: error });
  }
  // Anything else from the client (a channel that failed to open, a thrown string) is the store
  // not serving either; a bug of ours would show up in the cause.
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`EventStoreDB ${operation} failed: ${message}`, { cause: error });
};
