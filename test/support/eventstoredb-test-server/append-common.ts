// TEST DOUBLE OF THE EVENTSTOREDB SERVER: what its two append methods share (the node's refusals,
// the proposed events as the log takes them). Used only by tests.
import { Metadata, status } from '@grpc/grpc-js';
import type { ProposedEvent, TransactionLog } from './transaction-log.ts';
import type { streamsPb } from './protocol.ts';

type Proposed = InstanceType<typeof streamsPb.BatchAppendReq.ProposedMessage> | InstanceType<typeof streamsPb.AppendReq.ProposedMessage>;

// Why a node does not take a write now (ClientMessage.NotHandled reasons in the server).
export type Refusal = Readonly<{ kind: 'not_ready' }> | Readonly<{ kind: 'too_busy' }>
  | Readonly<{ kind: 'not_leader'; host: string; port: number }>;

export type AppendContext = Readonly<{
  log: TransactionLog;
  maxAppendSize: number;
  // Undefined when the node takes the write.
  refusal: () => Refusal | undefined;
  // Runs after a write is in the log and before it is acknowledged (fault tests stop the server here).
  beforeAcknowledge: () => Promise<void>;
  nowMs: () => number;
}>;

export type CallError = Error & { code: number; metadata?: Metadata; details: string };

export const proposedEvent = (message: Proposed): ProposedEvent => {
  const metadata = message.getMetadataMap();
  return {
    eventId: message.getId()?.getString() ?? '',
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

// RpcExceptions.cs:17-21 (not ready / too busy as UNAVAILABLE) and 26-31 (not leader: NOT_FOUND
// with the leader's address in the trailers, which the client reads to reconnect there).
export const refusalError = (refusal: Refusal): CallError => {
  switch (refusal.kind) {
    case 'not_ready':
      return Object.assign(new Error('Server Is Not Ready'), { code: status.UNAVAILABLE, details: 'Server Is Not Ready' });
    case 'too_busy':
      return Object.assign(new Error('Server Is Too Busy'), { code: status.UNAVAILABLE, details: 'Server Is Too Busy' });
    case 'not_leader': {
      const metadata = new Metadata();
      metadata.set('exception', 'not-leader');
      metadata.set('leader-endpoint-host', refusal.host);
      metadata.set('leader-endpoint-port', String(refusal.port));
      return Object.assign(new Error('Leader info available'), { code: status.NOT_FOUND, details: 'Leader info available', metadata });
    }
    default: {
      const unknown: never = refusal;
      throw new Error(`unknown refusal ${JSON.stringify(unknown)}`);
    }
  }
};

