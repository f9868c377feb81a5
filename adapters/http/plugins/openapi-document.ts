// The finishing pass over the document @fastify/swagger generates from the route specs, so that a
// route declared the usual way comes out lint clean (Redocly recommended, Spectral spectral:oas)
// with nothing more to write: titled schemas become named components referenced by $ref, every tag
// in use is declared, and text that Markdown would read as HTML is put in code spans (/docs renders
// descriptions as Markdown: `waitFor=<position>` used to show as "waitFor=").
type Json = unknown;
type JsonObject = Readonly<Record<string, Json>>;

const isObject = (value: Json): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

// Only what lies outside the existing code spans: each whitespace-separated word holding < or >
// becomes a code span of its own.
export const markdownSafe = (text: string): string =>
  text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[^\s`]*[<>][^\s`]*/g, (word) => `\`${word}\``)))
    .join('`');

const componentRef = (name: string): string => `#/components/schemas/${name}`;

type Walk = Readonly<{ components: Map<string, string>; schemas: Record<string, Json> }>;

// Rewrites a node: text keys made Markdown-safe, titled schemas moved to the components (their
// first and every later copy must be the same, or two routes disagree on what a name means).
const finish = (node: Json, walk: Walk, key?: string): Json => {
  if (typeof node === 'string') return key === 'description' || key === 'summary' ? markdownSafe(node) : node;
  if (Array.isArray(node)) return node.map((item) => finish(item, walk));
  if (!isObject(node)) return node;
  const entries = Object.entries(node).map(([name, value]) => [name, key === 'properties' ? finish(value, walk) : finish(value, walk, name)]);
  const finished: Record<string, Json> = Object.fromEntries(entries);
  // JSON Schema's `examples` list is OpenAPI 3.0's single `example` (@fastify/swagger converts
  // request schemas only); a media type's `examples` is a map and stays.
  if (Array.isArray(finished.examples) && key !== 'properties') {
    const { examples, ...rest } = finished;
    return finish({ ...rest, example: examples[0] }, walk, key);
  }
  const title = node.title;
  if (typeof title !== 'string' || key === 'properties') return finished;
  const serialized = JSON.stringify(finished);
  const known = walk.components.get(title);
  if (known !== undefined && known !== serialized) throw new Error(`OpenAPI: two different schemas are named ${title}`);
  walk.components.set(title, serialized);
  walk.schemas[title] = finished;
  return { $ref: componentRef(title) };
};

const tagDescriptions: Readonly<Record<string, string>> = {
  operations: 'Liveness, readiness and metrics.',
  accounts: 'Opening accounts.',
  devices: 'Registering, verifying and removing the devices that may pay.',
  logins: 'Login attempts, the evidence the fraud rules read.',
  'top-ups': 'Crediting a wallet.',
  charges: 'Paying with a wallet.',
  reversals: 'Reversing a charge (finance).',
  freeze: 'Freezing and unfreezing an account (admin).',
  balance: 'Bitemporal balances.',
  history: "An account's hash-chained events and their audit.",
  incidents: 'Reversing the charges of an incident across accounts, and what each victim is owed.',
  fraud: 'Alerts raised by the fraud rules.',
  'verifiable log': 'Signed checkpoints of the Merkle log over every event, and its proofs.',
};

const operationsOf = (paths: Json): ReadonlyArray<JsonObject> =>
  isObject(paths) ? Object.values(paths).flatMap((item) => (isObject(item) ? Object.values(item).filter(isObject) : [])) : [];

const tagsOf = (paths: Json) => {
  const used = new Set(operationsOf(paths).flatMap((operation) => (Array.isArray(operation.tags) ? operation.tags : [])));
  return [...used]
    .filter((tag): tag is string => typeof tag === 'string')
    .map((name) => ({ name, description: tagDescriptions[name] ?? `The ${name} routes.` }));
};

export const finishDocument = (document: JsonObject): JsonObject => {
  const walk: Walk = { components: new Map(), schemas: {} };
  const paths = finish(document.paths, walk);
  const info = isObject(document.info) && typeof document.info.description === 'string'
    ? { ...document.info, description: markdownSafe(document.info.description) }
    : document.info;
  const components = isObject(document.components) ? document.components : {};
  return {
    ...document,
    info,
    tags: tagsOf(paths),
    paths,
    components: { ...components, schemas: { ...(isObject(components.schemas) ? components.schemas : {}), ...walk.schemas } },
  };
};
