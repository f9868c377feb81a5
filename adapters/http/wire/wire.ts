// A wire type pairs the io-ts decoder that validates an input with the JSON Schema that documents
// it, so the OpenAPI document is generated from the same place as the validation.
import * as t from 'io-ts';
import type { JsonSchema } from './json-schema.ts';

export type Wire<A> = Readonly<{ codec: t.Decoder<unknown, A>; schema: JsonSchema }>;
export type WireType<W> = W extends Wire<infer A> ? A : never;
type WireProps = Readonly<Record<string, Wire<unknown>>>;

export const wire = <A>(codec: t.Decoder<unknown, A>, schema: JsonSchema): Wire<A> => ({ codec, schema });

export type WireObjectType<R extends WireProps, O extends WireProps> = { readonly [K in keyof R]: WireType<R[K]> } & {
  readonly [K in keyof O]?: WireType<O[K]>;
};

const isRecord = (input: unknown): input is Readonly<Record<string, unknown>> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

const has = (input: Readonly<Record<string, unknown>>, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(input, key);

// An object with exactly these fields. Unknown fields are refused, not stripped: a client that
// misspells `category` or sends `balance` should hear about it rather than have it ignored, and a
// ledger never stores something nobody validated.
export const wireObject = <R extends WireProps, O extends WireProps>(
  required: R,
  optional: O,
  description?: string,
): Wire<WireObjectType<R, O>> => {
  const known = new Set([...Object.keys(required), ...Object.keys(optional)]);
  const codec = new t.Type<WireObjectType<R, O>, unknown, unknown>(
    'object',
    (value): value is WireObjectType<R, O> => isRecord(value),
    (input, context) => {
      if (!isRecord(input)) return t.failure(input, context, 'must be a JSON object');
      const errors: t.ValidationError[] = [];
      const decoded: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (!known.has(key)) errors.push({ value: undefined, context: t.appendContext(context, key, t.never), message: 'is not a known field' });
      }
      const field = (key: string, entry: Wire<unknown>, isRequired: boolean): void => {
        if (!has(input, key)) {
          if (isRequired) errors.push({ value: undefined, context: t.appendContext(context, key, t.never), message: 'is required' });
          return;
        }
        const result = entry.codec.validate(input[key], t.appendContext(context, key, t.unknown, input[key]));
        if (result._tag === 'Left') errors.push(...result.left);
        else decoded[key] = result.right;
      };
      for (const [key, entry] of Object.entries(required)) field(key, entry, true);
      for (const [key, entry] of Object.entries(optional)) field(key, entry, false);
      if (errors.length > 0) return t.failures(errors);
      // Every required key was decoded and no other key was kept: the shape is the declared one.
      return t.success(decoded as WireObjectType<R, O>);
    },
    t.identity,
  );
  const properties: Record<string, JsonSchema> = {};
  for (const [key, entry] of [...Object.entries(required), ...Object.entries(optional)]) properties[key] = entry.schema;
  const schema: JsonSchema = {
    type: 'object',
    properties,
    // OpenAPI 3.0 refuses an empty required list: no required fields, no list.
    ...(Object.keys(required).length === 0 ? {} : { required: Object.keys(required) }),
    additionalProperties: false,
    ...(description === undefined ? {} : { description }),
  };
  return { codec, schema };
};

export const noFields = wireObject({}, {});

// For routes that take no body (GET): anything sent is refused rather than ignored.
export const noBody: Wire<undefined> = wire(
  new t.Type<undefined, unknown, unknown>(
    'none',
    (value): value is undefined => value === undefined,
    (input, context) => (input === undefined ? t.success(undefined) : t.failure(input, context, 'takes no body')),
    t.identity,
  ),
  {},
);

// A JSON array of at most itemsMax items, each decoded by the item's wire type.
export const wireArray = <A>(item: Wire<A>, itemsMax: number): Wire<ReadonlyArray<A>> => {
  const codec = new t.Type<ReadonlyArray<A>, unknown, unknown>(
    'array',
    (value): value is ReadonlyArray<A> => Array.isArray(value),
    (input, context) => {
      if (!Array.isArray(input)) return t.failure(input, context, 'must be a JSON array');
      if (input.length > itemsMax) return t.failure(input, context, `must have at most ${itemsMax} items`);
      const decoded: A[] = [];
      const errors: t.ValidationError[] = [];
      input.forEach((value: unknown, index) => {
        const result = item.codec.validate(value, t.appendContext(context, String(index), t.unknown, value));
        if (result._tag === 'Left') errors.push(...result.left);
        else decoded.push(result.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(decoded);
    },
    t.identity,
  );
  return { codec, schema: { type: 'array', items: item.schema, maxItems: itemsMax } };
};
