// An export bundle (`wallet-ledger export`): NDJSON, one object a line, so a million-event account
// streams through without ever being one string. In order: the signed checkpoint; optionally the
// consistency proof from an earlier tree size; the events in log order, each with its logIndex and
// every stored field (so the verifier recomputes its own hash with the store's template); the
// node table of their multiproof, in chunks; an end line with the count, so a cut file is refused.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

export const CheckpointLine = t.type({ kind: t.literal('checkpoint'), note: t.string });
export const ConsistencyLine = t.type({ kind: t.literal('consistency'), from: t.number, hashes: t.array(t.string) });
// Every field the hash templates read (adapters/event-store/hash-chain.ts) is named: metadata is
// absent on v1 events and present, perhaps empty, on v2 ones. t.type keeps fields it does not name.
export const EventLine = t.intersection([
  t.type({
    kind: t.literal('event'),
    logIndex: t.number,
    streamId: t.string,
    revision: t.number,
    position: t.string,
    type: t.string,
    occurredAt: t.string,
    recordedAt: t.string,
    data: t.UnknownRecord,
    hash: t.string,
    previousHash: t.string,
  }),
  t.partial({ metadata: t.partial({ issuedBy: t.string }) }),
]);
export const NodesLine = t.type({ kind: t.literal('nodes'), nodes: t.array(t.tuple([t.number, t.number, t.string])) });
export const EndLine = t.type({ kind: t.literal('end'), scope: t.union([t.literal('account'), t.literal('all')]), events: t.number });

export const BundleLine = t.union([CheckpointLine, ConsistencyLine, EventLine, NodesLine, EndLine]);
export type BundleLine = t.TypeOf<typeof BundleLine>;
export type EventLine = t.TypeOf<typeof EventLine>;

export type NodesLine = t.TypeOf<typeof NodesLine>;

// The line's own kind's codec alone: the union would try (and describe the failure of) every
// other kind first, for each of a million event lines. `is` first: for these codecs a value it
// accepts decodes to itself, without building an Either per field; decode has the last word (it
// also accepts what `is` refuses, e.g. a node tuple with extra items, which it strips).
const decoded = <A>(codec: t.Decoder<unknown, A>, raw: unknown): A | undefined => {
  const result = codec.decode(raw);
  return isLeft(result) ? undefined : result.right;
};

export const decodeBundleLine = (raw: unknown): BundleLine | undefined => {
  const kind = typeof raw === 'object' && raw !== null && 'kind' in raw ? raw.kind : undefined;
  switch (kind) {
    case 'event': return EventLine.is(raw) ? raw : decoded(EventLine, raw);
    case 'nodes': return NodesLine.is(raw) ? raw : decoded(NodesLine, raw);
    case 'checkpoint': return decoded(CheckpointLine, raw);
    case 'consistency': return decoded(ConsistencyLine, raw);
    case 'end': return decoded(EndLine, raw);
    default: return decoded(BundleLine, raw);
  }
};

export const nodesPerLineMax = 1000;
export const bundleLineLengthMax = 1024 * 1024;
