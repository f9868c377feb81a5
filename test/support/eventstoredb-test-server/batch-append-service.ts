// TEST DOUBLE OF THE EVENTSTOREDB SERVER: Streams.BatchAppend (one long-lived call carrying many
// appends, each keyed by a correlation id), answered as
// src/EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs in EventStore/EventStore
// answers it. Used only by tests.
import { type ServerDuplexStream, status } from '@grpc/grpc-js';
import { type AppendResult, type ExpectedState, type ProposedEvent, sizeOnDisk } from './transaction-log.ts';
import { type AppendContext, proposedEvent, refusalError } from './append-common.ts';
import { emptyPb, sharedPb, statusOf, streamNameOf, streamsPb } from './protocol.ts';

type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;

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
