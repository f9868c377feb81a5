// TEST DOUBLE OF THE EVENTSTOREDB SERVER, used only by tests: one in-process gRPC node on a
// loopback port, hosting the service definitions that @eventstore/db-client ships (Streams,
// ServerFeatures, Gossip) with @grpc/grpc-js, so the REAL client runs its own serialization,
// error mapping and reconnection against it. Its behaviour follows the EventStoreDB server's
// source (EventStore/EventStore at commit 3f1acb7e4; files and lines cited where each rule is
// implemented). It can be stopped
// and started again on the same port (the log survives, as a server's disk does), and put in the
// states a cluster node goes through: leader, follower, not ready (election), too busy.
import {
  type Metadata, Server, ServerCredentials, type ServerDuplexStream, type ServerReadableStream, type ServerUnaryCall,
  type ServerWritableStream, type sendUnaryData,
} from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { type AppendContext, type Refusal, refusalError } from './append-common.ts';
import { handleAppend } from './append-service.ts';
import { handleBatchAppend } from './batch-append-service.ts';
import { clusterInfo, supportedMethods } from './cluster-services.ts';
import { featuresGrpc, type featuresPb, gossipGrpc, type gossipPb, streamsGrpc, type streamsPb } from './protocol.ts';
import { type ReadCall, handleRead } from './read-service.ts';
import { TransactionLog } from './transaction-log.ts';

import type { NodeState } from './cluster-services.ts';

export type { NodeState } from './cluster-services.ts';

export type TestServerOptions = Readonly<{
  log?: TransactionLog;
  // What ServerFeatures reports (ServerFeatures.cs:50-51: major.minor.patch).
  version?: string;
  // ClusterVNodeOptions.cs:156: 1 MiB by default.
  maxAppendSize?: number;
  // Servers before 22.6 leave stream-read events without positions.
  streamReadPositions?: boolean;
  // Servers before 21.10 have no BatchAppend; the client then uses Append.
  batchAppend?: boolean;
  // The cluster this node belongs to, for gossip and the leader's address.
  cluster?: () => ReadonlyArray<EventStoreDbTestServer>;
}>;

const maxAppendSizeDefault = 1024 * 1024;
// Enumerator.AllSubscriptionFiltered.cs: maxSearchWindow defaults to 32 in the server.
const checkpointWindow = 32;

export class EventStoreDbTestServer {
  readonly log: TransactionLog;
  readonly instanceId = randomUUID();
  state: NodeState = 'leader';
  // Fault injection: runs after a write is in the log and before its acknowledgement.
  beforeAcknowledge: () => Promise<void> = async () => undefined;
  // Fault injection: runs before a read or subscription is served (a slow or hung node).
  beforeRead: () => Promise<void> = async () => undefined;
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly options: TestServerOptions = {}) {
    this.log = options.log ?? new TransactionLog();
  }

  get port(): number {
    return this.boundPort;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  // Binds a free loopback port the first time and the same port again after a stop.
  async start(): Promise<void> {
    if (this.server !== undefined) return;
    const server = new Server();
    this.addServices(server);
    this.boundPort = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`127.0.0.1:${this.boundPort}`, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
    this.server = server;
  }

  // A crash as clients see it: every open call fails at once, nothing is acknowledged any more.
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.forceShutdown();
  }

  private refusal(requiresLeader: boolean): Refusal | undefined {
    switch (this.state) {
      case 'leader':
        return undefined;
      case 'not_ready':
        return { kind: 'not_ready' };
      case 'too_busy':
        return { kind: 'too_busy' };
      case 'follower': {
        if (!requiresLeader) return undefined;
        const leader = this.options.cluster?.().find((node) => node.state === 'leader' && node.running);
        // RpcExceptions.cs:23-24: without a known leader the server cannot redirect.
        return leader === undefined ? { kind: 'not_ready' } : { kind: 'not_leader', host: '127.0.0.1', port: leader.port };
      }
      default: {
        const unknown: never = this.state;
        throw new Error(`unknown node state ${String(unknown)}`);
      }
    }
  }

  private appendContext(requiresLeader: boolean): AppendContext {
    return {
      log: this.log,
      maxAppendSize: this.options.maxAppendSize ?? maxAppendSizeDefault,
      refusal: () => this.refusal(requiresLeader),
      beforeAcknowledge: () => this.beforeAcknowledge(),
      nowMs: () => Date.now(),
    };
  }

  private addServices(server: Server): void {
    const requiresLeader = (call: { metadata: Metadata }): boolean =>
      call.metadata.get('requires-leader').some((value) => String(value) === 'true');
    server.addService(streamsGrpc.StreamsService, {
      read: (call: ReadCall) => {
        const refusal = this.refusal(requiresLeader(call));
        // Streams.Read.cs:294-301: a read the node cannot serve fails the call.
        if (refusal !== undefined) return void call.emit('error', refusalError(refusal));
        const context = { log: this.log, withPositions: this.options.streamReadPositions ?? true, checkpointWindow };
        this.beforeRead().then(() => handleRead(context, call)).then(() => call.end(), (error: unknown) => call.emit('error', error));
      },
      append: (call: ServerReadableStream<InstanceType<typeof streamsPb.AppendReq>, InstanceType<typeof streamsPb.AppendResp>>,
        callback: sendUnaryData<InstanceType<typeof streamsPb.AppendResp>>) => handleAppend(this.appendContext(requiresLeader(call)), call, callback),
      batchAppend: (call: ServerDuplexStream<InstanceType<typeof streamsPb.BatchAppendReq>, InstanceType<typeof streamsPb.BatchAppendResp>>) =>
        handleBatchAppend(this.appendContext(requiresLeader(call)), call),
      delete: (_call: unknown, callback: sendUnaryData<never>) => callback(unimplemented('Delete')),
      tombstone: (_call: unknown, callback: sendUnaryData<never>) => callback(unimplemented('Tombstone')),
    });
    server.addService(featuresGrpc.ServerFeaturesService, {
      getSupportedMethods: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<InstanceType<typeof featuresPb.SupportedMethods>>) =>
        callback(null, supportedMethods(this.options.version ?? '23.10.1', this.options.batchAppend ?? true)),
    });
    server.addService(gossipGrpc.GossipService, {
      read: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<InstanceType<typeof gossipPb.ClusterInfo>>) =>
        callback(null, clusterInfo(this.options.cluster?.() ?? [this])),
    });
  }
}

const unimplemented = (method: string): Error & { code: number } =>
  Object.assign(new Error(`${method} is not implemented by the server test double`), { code: 12 });

