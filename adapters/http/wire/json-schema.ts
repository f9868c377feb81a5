// The JSON Schema vocabulary the OpenAPI document uses. Schemas here are documentation: io-ts
// decodes every input; test/adapters/http/wire-drift.unit.test.ts proves the two agree.
export type JsonSchema = Readonly<{
  // A titled schema is a named component of the OpenAPI document (openapi-document.ts).
  title?: string;
  $ref?: string;
  oneOf?: ReadonlyArray<JsonSchema>;
  discriminator?: Readonly<{ propertyName: string; mapping?: Readonly<Record<string, string>> }>;
  type?: 'string' | 'object' | 'array' | 'boolean' | 'integer' | 'null';
  description?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  enum?: ReadonlyArray<string>;
  const?: string | boolean;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: ReadonlyArray<string>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  maxItems?: number;
  nullable?: boolean;
  examples?: ReadonlyArray<unknown>;
}>;
