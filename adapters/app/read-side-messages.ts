// What the server and its read side's worker tell each other. Decoded on arrival like any input.
import * as t from 'io-ts';

const StatusCodec = t.intersection([
  t.type({ name: t.string, state: t.keyof({ stopped: null, running: null, failed: null }), checkpoint: t.bigint }),
  t.partial({ error: t.string }),
]);

export const WorkerMessageCodec = t.union([
  t.type({ kind: t.literal('opened') }),
  t.type({ kind: t.literal('progress'), status: StatusCodec }),
  t.type({ kind: t.literal('log'), line: t.string }),
  t.type({ kind: t.literal('failed'), message: t.string }),
]);
export type WorkerMessage = t.TypeOf<typeof WorkerMessageCodec>;

export const HostMessageCodec = t.type({ kind: t.literal('stop') });
export type HostMessage = t.TypeOf<typeof HostMessageCodec>;

const LocationCodec = t.union([
  t.type({ kind: t.literal('sqlite'), path: t.string }),
  t.type({ kind: t.literal('eventstoredb'), connectionString: t.string }),
]);
const SharedArrayBufferCodec = new t.Type<SharedArrayBuffer>(
  'SharedArrayBuffer',
  (input): input is SharedArrayBuffer => input instanceof SharedArrayBuffer,
  (input, context) => (input instanceof SharedArrayBuffer ? t.success(input) : t.failure(input, context)),
  t.identity,
);

// wakeBuffer: the counter the server bumps at appends (read-side-wake.ts).
export const WorkerDataCodec = t.type({ location: LocationCodec, readPath: t.string, wakeBuffer: SharedArrayBufferCodec });
export type WorkerData = t.TypeOf<typeof WorkerDataCodec>;
