// What the verifier and its checking workers tell each other (bundle-check-pool.ts). Decoded on
// arrival like any input; per chunk of a MiB, not per line, so the decoding costs nothing.
import * as t from 'io-ts';

const instanceOf = <A>(name: string, constructor: new (...args: never[]) => A) =>
  new t.Type<A, A, unknown>(name, (value): value is A => value instanceof constructor, (value, context) => (value instanceof constructor ? t.success(value) : t.failure(value, context)), t.identity);

const Bytes = instanceOf<Uint8Array>('Uint8Array', Uint8Array);
const Float64s = instanceOf<Float64Array>('Float64Array', Float64Array);
const Uint32s = instanceOf<Uint32Array>('Uint32Array', Uint32Array);

export const CheckRequestCodec = t.type({ sequence: t.number, bytes: Bytes });
export type CheckRequest = t.TypeOf<typeof CheckRequestCodec>;

const CheckedEventsCodec = t.type({
  count: t.number, logIndex: Float64s, revision: Float64s, flags: Bytes, streamIds: t.array(t.string), streamOf: Uint32s,
  hashes: t.string, previousHashes: t.string, leaves: Bytes,
});
const PackedNodesCodec = t.type({ count: t.number, valid: t.number, starts: Float64s, ends: Float64s, hashes: Bytes });
export const CheckedChunkCodec = t.type({
  entries: Bytes, entryCount: t.number, events: CheckedEventsCodec, nodes: t.array(PackedNodesCodec), others: t.array(t.unknown),
});

export const CheckAnswerCodec = t.union([
  t.type({ kind: t.literal('checked'), sequence: t.number, chunk: CheckedChunkCodec }),
  t.type({ kind: t.literal('line too long'), sequence: t.number, message: t.string }),
  t.type({ kind: t.literal('failed'), sequence: t.number, message: t.string }),
]);
export type CheckAnswer = t.TypeOf<typeof CheckAnswerCodec>;
