// JSON bodies are parsed by fastify's own parser (prototype-poisoning protection included), then
// checked for keys repeated within one object: JSON.parse keeps the last of `{"amount":"10",
// "amount":"20"}`, while a proxy, a signer or a log may read the first. A ledger refuses the
// ambiguity. The check walks the text with jsonc-parser's visitor, strict JSON (no comments, no
// trailing commas), only after the body parsed, so it never sees malformed input.
import type { FastifyInstance } from 'fastify';
import { visit } from 'jsonc-parser';

export class DuplicateJsonKeyError extends Error {
  readonly statusCode = 400;
  readonly code = 'LEDGER_JSON_DUPLICATE_KEY';
  constructor(readonly key: string) {
    super(`The body repeats the key "${key.slice(0, 64)}" within one object.`);
  }
}

export class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'LEDGER_JSON_TOO_DEEP';
  constructor() {
    super('The body is nested too deeply.');
  }
}

export const duplicateKeyOf = (text: string): string | undefined => {
  const objects: Array<Set<string>> = [];
  let duplicate: string | undefined;
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (property) => {
        const keys = objects.at(-1);
        if (keys?.has(property)) duplicate ??= property;
        keys?.add(property);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return duplicate;
};

export const useStrictJson = (app: FastifyInstance): void => {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    parse(request, text, (error, value) => {
      if (error !== null) return done(error, undefined);
      let duplicate: string | undefined;
      try {
        duplicate = duplicateKeyOf(text);
      } catch {
        // The visitor recurses: a body deep enough to exhaust the stack is refused, not a 5xx.
        return done(new JsonTooDeepError(), undefined);
      }
      return duplicate === undefined ? done(null, value) : done(new DuplicateJsonKeyError(duplicate), undefined);
    });
  });
};
