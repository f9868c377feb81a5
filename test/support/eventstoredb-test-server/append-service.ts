// TEST DOUBLE OF THE EVENTSTOREDB SERVER: Streams.Append (one append per call) and
// Streams.BatchAppend (one long-lived call carrying many appends, each keyed by a correlation
// id), answered as src/EventStore.Core/Services/Transport/Grpc/Streams.Append.cs and
// Streams.BatchAppend.cs in EventStore/EventStore answer them. Used only by tests.
import { Metadata, type ServerDuplexStream, type ServerReadableStream, type sendUnaryData, status } from '@grpc/grpc-js';
import {
  type AppendResult, type ExpectedState, type ProposedEvent, type TransactionLog, sizeOnDisk,
} from './transaction-log.ts';
import { emptyPb, sharedPb, statusOf, streamNameOf, streamsPb } from './protocol.ts';

type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;
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

const proposedEvent = (message: Proposed): ProposedEvent => {
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

const batchExpected = (options: InstanceType<typeof streamsPb.BatchAppendReq.Options>): ExpectedState => {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  return { kind: 'any' };
};

const wrongExpectedVersionDetails = (result: Extract<AppendResult, { kind: 'wrong_expected_version' }>, expected: ExpectedState) => {
  const details = new sharedPb.WrongExpectedVersion();
  if (result.currentRevision === undefined) details.setCurrentNoStream(new emptyPb.Empty());
  else details.setCurrentStreamRevision(result.currentRevision.toString());
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new emptyPb.Empty());
  else details.setExpectedAny(new emptyPb.Empty());
  return details;
};

type Pending = { streamId: string; expected: ExpectedState; events: ProposedEvent[]; size: number };

// Streams.BatchAppend.cs:137-262. Requests of one correlation id accumulate until is_final; the
// write is then answered with a response carrying the same correlation id.
export const handleBatchAppend = (context: AppendContext, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
  const pending = new Map<string, Pending>();
  const answer = (correlationId: string, streamId: string, fill: (response: BatchAppendResp) => void): void => {
    const response = new streamsPb.BatchAppendResp()
      .setCorrelationId(new sharedPb.UUID().setString(correlationId))
      .setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8')));
    fill(response);
    call.write(response);
  };
  const write = async (correlationId: string, request: Pending): Promise<void> => {
    const refusal = context.refusal();
    if (refusal?.kind === 'not_leader') {
      // Lines 230-233: NotLeader is thrown inside the response callback and completes the whole
      // call with the error: every append in flight on this call fails with NotLeader.
      call.emit('error', refusalError(refusal));
      return;
    }
    if (refusal !== undefined) {
      // Lines 224-229: NotReady / TooBusy answer this append only, as a Status whose details are
      // an Empty (which the client does not recognise and raises as UnknownError).
      const message = refusal.kind === 'not_ready' ? 'Server Is Not Ready' : 'Server Is Busy';
      answer(correlationId, request.streamId, (r) => r.setError(statusOf(status.UNKNOWN, message, new emptyPb.Empty(), 'google.protobuf.Empty')));
      return;
    }
    const result = context.log.append(request.streamId, request.expected, request.events, context.nowMs());
    await context.beforeAcknowledge();
    if (call.cancelled || call.destroyed) return;
    answer(correlationId, request.streamId, (response) => {
      if (result.kind === 'wrong_expected_version') {
        // Status.cs:13-18: WrongExpectedVersion, code ALREADY_EXISTS.
        response.setError(statusOf(status.ALREADY_EXISTS, 'WrongExpectedVersion',
          wrongExpectedVersionDetails(result, request.expected), 'event_store.client.WrongExpectedVersion'));
        return;
      }
      const position = new sharedPb.AllStreamPosition()
        .setCommitPosition(result.position.toString()).setPreparePosition(result.position.toString());
      const success = new streamsPb.BatchAppendResp.Success().setPosition(position);
      if (result.currentRevision < 0n) success.setNoStream(new emptyPb.Empty());
      else success.setCurrentRevision(result.currentRevision.toString());
      response.setSuccess(success);
    });
  };
  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId()?.getString() ?? '';
    const options = request.getOptions();
    if (options !== undefined) {
      pending.set(correlationId, {
        streamId: streamNameOf(options.getStreamIdentifier()), expected: batchExpected(options), events: [], size: 0,
      });
    }
    const current = pending.get(correlationId);
    if (current === undefined) return;
    for (const message of request.getProposedMessagesList()) {
      const event = proposedEvent(message);
      current.events.push(event);
      current.size += sizeOnDisk(event);
    }
    if (current.size > context.maxAppendSize) {
      // Lines 185-193 and Status.cs:52-59: MaximumAppendSizeExceeded, code INVALID_ARGUMENT.
      pending.delete(correlationId);
      const details = new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(context.maxAppendSize);
      answer(correlationId, current.streamId, (r) => r.setError(statusOf(status.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded',
        details, 'event_store.client.MaximumAppendSizeExceeded')));
      return;
    }
    if (!request.getIsFinal()) return;
    pending.delete(correlationId);
    void write(correlationId, current).catch((error: unknown) => call.emit('error', error));
  });
  call.on('end', () => call.end());
};

const appendExpected = (options: InstanceType<typeof streamsPb.AppendReq.Options>): ExpectedState => {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  return { kind: 'any' };
};

// Streams.Append.cs: options first, then the proposed messages; one answer when the client ends.
export const handleAppend = (context: AppendContext, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
  let streamId = '';
  let expected: ExpectedState = { kind: 'any' };
  const events: ProposedEvent[] = [];
  let size = 0;
  call.on('data', (request: AppendReq) => {
    const options = request.getOptions();
    if (options !== undefined) {
      streamId = streamNameOf(options.getStreamIdentifier());
      expected = appendExpected(options);
    }
    const message = request.getProposedMessage();
    if (message === undefined) return;
    const event = proposedEvent(message);
    events.push(event);
    size += sizeOnDisk(event);
  });
  call.on('end', () => {
    void (async () => {
      const refusal = context.refusal();
      if (refusal !== undefined) return callback(refusalError(refusal));
      if (size > context.maxAppendSize) {
        // RpcExceptions.cs:140-146.
        const metadata = new Metadata();
        metadata.set('exception', 'maximum-append-size-exceeded');
        metadata.set('maximum-append-size', String(context.maxAppendSize));
        const details = `Maximum Append Size of ${context.maxAppendSize} Exceeded.`;
        return callback(Object.assign(new Error(details), { code: status.INVALID_ARGUMENT, details, metadata }));
      }
      const result = context.log.append(streamId, expected, events, context.nowMs());
      await context.beforeAcknowledge();
      const response = new streamsPb.AppendResp();
      if (result.kind === 'wrong_expected_version') {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (result.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(result.currentRevision.toString());
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
        else wrong.setExpectedAny(new sharedPb.Empty());
        return callback(null, response.setWrongExpectedVersion(wrong));
      }
      const position = new streamsPb.AppendResp.Position()
        .setCommitPosition(result.position.toString()).setPreparePosition(result.position.toString());
      const success = new streamsPb.AppendResp.Success().setPosition(position);
      if (result.currentRevision < 0n) success.setNoStream(new sharedPb.Empty());
      else success.setCurrentRevision(result.currentRevision.toString());
      return callback(null, response.setSuccess(success));
    })();
  });
};
