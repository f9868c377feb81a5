// TEST DOUBLE OF THE EVENTSTOREDB SERVER: the wire messages it speaks. They are the generated
// gRPC/protobuf definitions that @eventstore/db-client ships (generated/*_pb.js), so the server
// double and the real client serialize with the same schema. Those files are CommonJS built by
// protoc (no statically detectable named exports), hence createRequire; their .d.ts give the types.
import { createRequire } from 'node:module';
import type { LogRecord } from './transaction-log.ts';

const require = createRequire(import.meta.url);
const generated = '@eventstore/db-client/generated';

export const streamsPb: typeof import('@eventstore/db-client/generated/streams_pb.js') = require(`${generated}/streams_pb.js`);
export const streamsGrpc: typeof import('@eventstore/db-client/generated/streams_grpc_pb.js') = require(`${generated}/streams_grpc_pb.js`);
export const sharedPb: typeof import('@eventstore/db-client/generated/shared_pb.js') = require(`${generated}/shared_pb.js`);
export const statusPb: typeof import('@eventstore/db-client/generated/status_pb.js') = require(`${generated}/status_pb.js`);
export const gossipPb: typeof import('@eventstore/db-client/generated/gossip_pb.js') = require(`${generated}/gossip_pb.js`);
export const gossipGrpc: typeof import('@eventstore/db-client/generated/gossip_grpc_pb.js') = require(`${generated}/gossip_grpc_pb.js`);
export const featuresPb: typeof import('@eventstore/db-client/generated/serverfeatures_pb.js') = require(`${generated}/serverfeatures_pb.js`);
export const featuresGrpc: typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb.js') =
  require(`${generated}/serverfeatures_grpc_pb.js`);
export const anyPb: typeof import('google-protobuf/google/protobuf/any_pb.js') = require('google-protobuf/google/protobuf/any_pb.js');
export const emptyPb: typeof import('google-protobuf/google/protobuf/empty_pb.js') = require('google-protobuf/google/protobuf/empty_pb.js');

export const uuidOf = (id: string): InstanceType<typeof sharedPb.UUID> => new sharedPb.UUID().setString(id);

export const streamNameOf = (identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export const streamIdentifierOf = (streamId: string): InstanceType<typeof sharedPb.StreamIdentifier> =>
  new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));

export type RecordOptions = Readonly<{
  // Servers before 22.6 leave the positions of stream-read events unset (proto3 default "0").
  withPositions: boolean;
}>;

// Streams.Read.cs ConvertToReadEvent: the event's metadata map carries type, content-type and
// created (.NET ticks); positions are the event's own (commit, prepare).
export const readEventOf = (record: LogRecord, options: RecordOptions): InstanceType<typeof streamsPb.ReadResp.ReadEvent> => {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(record.eventId))
    .setStreamIdentifier(streamIdentifierOf(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  if (options.withPositions) {
    recorded.setCommitPosition(record.position.toString()).setPreparePosition(record.position.toString());
  }
  const map = recorded.getMetadataMap();
  map.set('type', record.type);
  map.set('content-type', record.contentType);
  map.set('created', record.createdTicks.toString());
  const event = new streamsPb.ReadResp.ReadEvent().setEvent(recorded);
  return options.withPositions ? event.setCommitPosition(record.position.toString()) : event.setNoPosition(new sharedPb.Empty());
};

// A google.rpc.Status whose details pack `message` under `typeName` (Status.cs in the server).
export const statusOf = (
  code: number, message: string, details: { serializeBinary: () => Uint8Array }, typeName: string,
): InstanceType<typeof statusPb.Status> => {
  const packed = new anyPb.Any();
  packed.pack(details.serializeBinary(), typeName);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(packed);
};
