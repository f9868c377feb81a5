// A schema with a title is a named component: the OpenAPI document hoists it into
// components.schemas. Its own module, so that the wire schemas need not import the OpenAPI
// operation builder (which imports the route spec, which the routes import with the schemas).
import type { JsonSchema } from './json-schema.ts';

export const named = (title: string, schema: JsonSchema): JsonSchema => ({ ...schema, title });
