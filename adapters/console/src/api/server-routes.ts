// Which routes this server has, from its own OpenAPI document (public, and complete: a test of
// the server checks that every registered route is documented). Panels for features that other
// versions add ask here first, so a missing feature is known without calling a route that would
// answer 404 (which the browser would log as a failed load).
import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

const OpenApiDocument = t.type({ paths: t.record(t.string, t.UnknownRecord) });

export type RouteName = `${'GET' | 'POST'} /${string}`;

let discovered: Promise<ReadonlySet<string> | undefined> | undefined;

const discover = async (): Promise<ReadonlySet<string> | undefined> => {
  try {
    const response = await fetch('/openapi.json', { headers: { accept: 'application/json' }, credentials: 'omit' });
    if (!response.ok) return undefined;
    const document = OpenApiDocument.decode(await response.json());
    if (!isRight(document)) return undefined;
    const routes = new Set<string>();
    for (const [path, operations] of Object.entries(document.right.paths)) {
      for (const method of Object.keys(operations)) routes.add(`${method.toUpperCase()} ${path}`);
    }
    return routes;
  } catch {
    return undefined;
  }
};

// 'unknown' when the document could not be read: then the route is simply called.
export const serverOffers = async (route: RouteName): Promise<'offered' | 'absent' | 'unknown'> => {
  discovered ??= discover();
  const routes = await discovered;
  if (routes === undefined) return 'unknown';
  return routes.has(route) ? 'offered' : 'absent';
};
