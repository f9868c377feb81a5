// TEST DOUBLE OF THE EVENTSTOREDB SERVER: Streams.Read, i.e. stream reads, $all reads and
// catch-up subscriptions to $all (with event type / stream name filters), as the server answers
// them (src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs and Enumerators/ in
// EventStore/EventStore). Used only by tests.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { LogRecord, TransactionLog } from './transaction-log.ts';
import { readEventOf, streamIdentifierOf, streamNameOf, streamsPb } from './protocol.ts';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
type Options = InstanceType<typeof streamsPb.ReadReq.Options>;
export type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

export type ReadContext = Readonly<{
  log: TransactionLog;
  withPositions: boolean;
  // How many records a filtered subscription considers between two checkpoints, before the
  // client's multiplier (Enumerator.AllSubscriptionFiltered.cs:67: multiplier * maxSearchWindow).
  checkpointWindow: number;
}>;

const { ReadDirection } = streamsPb.ReadReq.Options;
const { RevisionOptionCase } = streamsPb.ReadReq.Options.StreamOptions;
const { AllOptionCase } = streamsPb.ReadReq.Options.AllOptions;

// Writes one response, waiting for the transport to drain when its buffer is full: a client that
// stops reading stops this server (HTTP/2 flow control), as with the real one.
const send = async (call: ReadCall, response: ReadResp): Promise<void> => {
  if (call.write(response)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
  });
};

const filterOf = (options: Options): ((record: LogRecord) => boolean) => {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter();
  const expression = filter?.hasEventType() ? filter.getEventType() : filter?.getStreamIdentifier();
  const field = (record: LogRecord): string => (filter?.hasEventType() ? record.type : record.streamId);
  const regex = expression === undefined || expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  const prefixes = expression?.getPrefixList() ?? [];
  return (record) => {
    const value = field(record);
    if (regex !== undefined && !regex.test(value)) return false;
    return prefixes.length === 0 || prefixes.some((prefix) => value.startsWith(prefix));
  };
};

const countOf = (options: Options): number => (options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER);

const readStream = async (context: ReadContext, call: ReadCall, options: Options): Promise<void> => {
  const streamOptions = options.getStream();
  const streamId = streamNameOf(streamOptions?.getStreamIdentifier());
  const records = context.log.stream(streamId);
  if (records === undefined) {
    // Streams.Read.cs: a missing stream is a StreamNotFound message, then the end of the call.
    await send(call, new streamsPb.ReadResp().setStreamNotFound(
      new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifierOf(streamId)),
    ));
    return;
  }
  const count = countOf(options);
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  const revisionCase = streamOptions?.getRevisionOptionCase();
  const revision = revisionCase === RevisionOptionCase.REVISION ? Number(streamOptions?.getRevision()) : undefined;
  const selected = backwards
    ? records.slice(0, revision === undefined || revisionCase === RevisionOptionCase.END ? records.length : revision + 1).reverse()
    : records.slice(revisionCase === RevisionOptionCase.END ? records.length : revision ?? 0);
  for (const record of selected.slice(0, count)) {
    await send(call, new streamsPb.ReadResp().setEvent(readEventOf(record, { withPositions: context.withPositions })));
  }
};

const positionOf = (options: Options): bigint | 'start' | 'end' => {
  const all = options.getAll();
  switch (all?.getAllOptionCase()) {
    case AllOptionCase.POSITION:
      return BigInt(all.getPosition()?.getCommitPosition() ?? '0');
    case AllOptionCase.END:
      return 'end';
    default:
      return 'start';
  }
};

const readAll = async (context: ReadContext, call: ReadCall, options: Options): Promise<void> => {
  const records = context.log.all();
  const from = positionOf(options);
  const wanted = filterOf(options);
  const count = countOf(options);
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  let selected: LogRecord[];
  if (backwards) {
    const last = from === 'end' ? records.length - 1 : from === 'start' ? -1 : context.log.backwardFrom(from);
    selected = records.slice(0, last + 1).reverse();
  } else {
    selected = records.slice(from === 'start' ? 0 : from === 'end' ? records.length : context.log.forwardFrom(from));
  }
  let sent = 0;
  for (const record of selected) {
    if (sent === count || call.cancelled) return;
    if (!wanted(record)) continue;
    await send(call, new streamsPb.ReadResp().setEvent(readEventOf(record, { withPositions: true })));
    sent += 1;
  }
};

// Enumerator.AllSubscription.cs:128-190: confirm, catch up from the checkpoint (exclusive), say
// "caught up" once (NotifyCaughtUp, line 160-165), then go live. A filtered subscription also
// sends checkpoints while it skips records (Enumerator.AllSubscriptionFiltered.cs:235-259), so a
// client can save progress through long runs of other events.
const subscribeToAll = async (context: ReadContext, call: ReadCall, options: Options): Promise<void> => {
  const from = positionOf(options);
  const wanted = filterOf(options);
  const filtered = options.hasFilter();
  const checkpointEvery = Math.max(1, (options.getFilter()?.getCheckpointintervalmultiplier() ?? 1) * context.checkpointWindow);
  let cursor = from === 'start' ? 0 : from === 'end' ? context.log.all().length : context.log.subscriptionFrom(from);
  let caughtUp = false;
  let considered = 0;
  let wake: (() => void) | undefined;
  const unlisten = context.log.onWrite(() => wake?.());
  call.on('cancelled', () => wake?.());
  try {
    await send(call, new streamsPb.ReadResp().setConfirmation(
      new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
    ));
    while (!call.cancelled && !call.destroyed) {
      const record = context.log.all()[cursor];
      if (record === undefined) {
        if (!caughtUp) {
          caughtUp = true;
          await send(call, new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      cursor += 1;
      if (wanted(record)) {
        await send(call, new streamsPb.ReadResp().setEvent(readEventOf(record, { withPositions: true })));
        continue;
      }
      considered += 1;
      if (filtered && considered % checkpointEvery === 0) {
        const position = record.position.toString();
        await send(call, new streamsPb.ReadResp().setCheckpoint(
          new streamsPb.ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position),
        ));
      }
    }
  } finally {
    unlisten();
  }
};

export const handleRead = async (context: ReadContext, call: ReadCall): Promise<void> => {
  const options = call.request.getOptions() ?? new streamsPb.ReadReq.Options();
  if (options.hasSubscription()) {
    if (!options.hasAll()) throw new Error('the server test double subscribes to $all only');
    await subscribeToAll(context, call, options);
    return;
  }
  if (options.hasStream()) await readStream(context, call, options);
  else await readAll(context, call, options);
};
