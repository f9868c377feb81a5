// An export bundle (`wallet-ledger export`): NDJSON, one object a line, so a million-event account
// streams through without ever being one string. In order: the signed checkpoint; optionally the
// consistency proof from an earlier tree size; the events in log order, each with its logIndex and
// every stored field (so the verifier recomputes its own hash with the store's template); the
// node table of their multiproof, in chunks; an end line with the count, so a cut file is refused.
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

export const nodesPerLineMax = 1000;
export const bundleLineLengthMax = 1024 * 1024;
