// TEST DOUBLE OF THE EVENTSTOREDB SERVER: Streams.Append (one append per call, used by the client
// when the server has no BatchAppend), answered as
// src/EventStore.Core/Services/Transport/Grpc/Streams.Append.cs in EventStore/EventStore answers
// it. Used only by tests.
import { Metadata, type ServerReadableStream, type sendUnaryData, status } from '@grpc/grpc-js';
import { type ExpectedState, type ProposedEvent, sizeOnDisk } from './transaction-log.ts';
import { type AppendContext, proposedEvent, refusalError } from './append-common.ts';
import { sharedPb, streamNameOf, streamsPb } from './protocol.ts';

type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof streamsPb.AppendResp>;

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
