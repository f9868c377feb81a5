// The JSON Schema of each account event, derived from the io-ts codecs that decode it on every
// read (domain/events.ts), so GET .../events documents the data of each type without a second
// description to keep in step. Leaves are the wire fields' schemas (fields.ts pairs each domain
// codec with its schema); a codec this walk does not know documents as "any value" rather than as
// something it may not be: a new event type is documented loosely until its leaves are listed.
import * as t from 'io-ts';
import { type LedgerEventType, ledgerEventCodecByType } from '../../../domain/events.ts';
import { MoneyCodec } from '../../../domain/money.ts';
import { RejectionCodeCodec } from '../../../domain/rejection-code.ts';
import { named } from './named-schema.ts';
import { fields } from './fields.ts';
import type { JsonSchema } from './json-schema.ts';

const text: JsonSchema = { type: 'string' };

const leaves = new Map<unknown, JsonSchema>([
  ...Object.values(fields).map((field): [unknown, JsonSchema] => [field.codec, field.schema]),
  [MoneyCodec, { type: 'object', required: ['amount', 'currency'], properties: { amount: fields.amount.schema, currency: fields.currency.schema }, additionalProperties: false }],
  [RejectionCodeCodec, { type: 'string', enum: Object.keys(RejectionCodeCodec.keys) }],
]);

const objectOf = (props: t.Props, required: boolean): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([key, codec]) => [key, schemaOfCodec(codec)])),
  ...(required && Object.keys(props).length > 0 ? { required: Object.keys(props) } : {}),
});

const merged = (parts: ReadonlyArray<JsonSchema>): JsonSchema => {
  const required = parts.flatMap((part) => part.required ?? []);
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    ...(required.length === 0 ? {} : { required }),
  };
};

export const schemaOfCodec = (codec: t.Mixed | t.Decoder<unknown, unknown>): JsonSchema => {
  const leaf = leaves.get(codec);
  if (leaf !== undefined) return leaf;
  if (codec instanceof t.InterfaceType) return objectOf(codec.props, true);
  if (codec instanceof t.PartialType) return objectOf(codec.props, false);
  if (codec instanceof t.ExactType) return { ...schemaOfCodec(codec.type), additionalProperties: false };
  if (codec instanceof t.IntersectionType) return merged(codec.types.map(schemaOfCodec));
  if (codec instanceof t.LiteralType && typeof codec.value === 'string') return { type: 'string', enum: [codec.value] };
  if (codec instanceof t.LiteralType && typeof codec.value === 'boolean') return { type: 'boolean', const: codec.value };
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) return { type: 'array', items: schemaOfCodec(codec.type) };
  if (codec instanceof t.KeyofType) return { type: 'string', enum: Object.keys(codec.keys) };
  return { description: `any value (${codec.name})` };
};

const envelope = (type: LedgerEventType, data: JsonSchema): JsonSchema =>
  named(`${type}Event`, {
    type: 'object',
    required: ['position', 'revision', 'type', 'occurredAt', 'recordedAt', 'data', 'hash', 'previousHash'],
    properties: {
      position: { type: 'string', description: 'global position (decimal string)' },
      revision: { type: 'integer', description: 'revision in the account stream, from 0' },
      type: { type: 'string', enum: [type] },
      occurredAt: text,
      recordedAt: { type: 'string', description: 'transaction time stamped by the ledger' },
      data,
      hash: { type: 'string', description: 'SHA-256 (hex) over the event and previousHash' },
      previousHash: text,
      issuedBy: { type: 'string', description: 'who caused the event: key id, system:<rule or job> or cli:<user>; absent when not recorded' },
      hashVersion: { type: 'integer', description: 'the hash template, 1 or 2 (docs/event-hash.md)' },
      logIndex: { type: 'integer', description: "the event's leaf index in the verifiable log (when the ledger keeps one)" },
    },
  });

const dataOf = (codec: t.Decoder<unknown, unknown>): JsonSchema => {
  const whole = schemaOfCodec(codec);
  const data = whole.properties?.data;
  if (data === undefined) throw new Error('event schema: an event codec without data');
  return data;
};

const types = Object.keys(ledgerEventCodecByType).filter((type): type is LedgerEventType => type in ledgerEventCodecByType);

// One event of an account's history: one schema per type, told apart by `type`.
export const accountEventSchema: JsonSchema = {
  oneOf: types.map((type) => envelope(type, dataOf(ledgerEventCodecByType[type]))),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(types.map((type) => [type, `#/components/schemas/${type}Event`])),
  },
};
