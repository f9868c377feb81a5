// Checks answers against the OpenAPI document the app serves, the way a validating gateway would:
// the route and status must be documented, the media type must be one the status documents, and a
// JSON body must validate against its schema (openapi-backend's response validator, ajv inside).
import { OpenAPIBackend } from 'openapi-backend';
import { operationIdOf } from '../../../../adapters/http/openapi-operation.ts';

export type Answer = Readonly<{ method: string; route: string; status: number; contentType: string; body: string }>;
export type Conformance = (answer: Answer) => ReadonlyArray<string>;

type Json = unknown;
const isObject = (value: Json): value is Readonly<Record<string, Json>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const documentedContent = (document: Json, answer: Answer): Readonly<Record<string, Json>> | string => {
  const path = answer.route.replace(/:(\w+)/g, '{$1}');
  const paths = isObject(document) ? document.paths : undefined;
  const item = isObject(paths) ? paths[path] : undefined;
  const operation = isObject(item) ? item[answer.method.toLowerCase()] : undefined;
  if (!isObject(operation) || !isObject(operation.responses)) return `${answer.method} ${path} is not documented`;
  const response = operation.responses[String(answer.status)];
  if (!isObject(response) || !isObject(response.content)) return `${answer.method} ${path} does not document status ${answer.status}`;
  return response.content;
};

export const conformanceOf = async (document: Json): Promise<Conformance> => {
  // The document is one the test just read from the app: openapi-backend parses and dereferences it.
  const api = new OpenAPIBackend({ definition: JSON.parse(JSON.stringify(document)), quick: false, strict: false, validate: true });
  await api.init();
  return (answer) => {
    const where = `${answer.method} ${answer.route} ${answer.status}`;
    const content = documentedContent(document, answer);
    if (typeof content === 'string') return [content];
    const mediaType = answer.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!(mediaType in content)) return [`${where}: ${mediaType} is not among ${Object.keys(content).join(', ')}`];
    if (mediaType !== 'application/json') return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return [`${where}: the body is not JSON`];
    }
    const result = api.validateResponse(body, operationIdOf({ method: answer.method, url: answer.route }), answer.status);
    return (result.errors ?? []).map((error) => `${where}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  };
};
