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

// The number of keys in every object of a parsed value, walked with an explicit stack (a body of
// a million nested arrays must not exhaust the call stack).
const keyCountOf = (value: unknown): number => {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      for (const element of next) pending.push(element);
    } else {
      const keys = Object.keys(next);
      count += keys.length;
      for (const key of keys) pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return count;
};

// Space, tab, line feed, carriage return: the only whitespace JSON allows between tokens.
const isJsonWhitespace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

// The keys written in a JSON text without any backslash: there every quote opens or closes a
// string (an escaped quote needs a backslash), and a string followed by a colon is a key.
const keyCountInText = (text: string): number => {
  let count = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    const close = text.indexOf('"', open + 1);
    if (close === -1) return count;
    let after = close + 1;
    while (isJsonWhitespace(text.charCodeAt(after))) after += 1;
    if (text.charAt(after) === ':') count += 1;
    open = text.indexOf('"', after);
  }
  return count;
};

// The fast answer for the common body: JSON.parse keeps one key of each repeated pair, so a text
// without backslashes holds a repeated key exactly when it writes more keys than the value has.
export const mayRepeatAKey = (text: string, parsed: unknown): boolean =>
  text.includes('\\') || keyCountInText(text) !== keyCountOf(parsed);

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
        if (!mayRepeatAKey(text, value)) return done(null, value);
        duplicate = duplicateKeyOf(text);
      } catch {
        // The visitor recurses: a body deep enough to exhaust the stack is refused, not a 5xx.
        return done(new JsonTooDeepError(), undefined);
      }
      return duplicate === undefined ? done(null, value) : done(new DuplicateJsonKeyError(duplicate), undefined);
    });
  });
};
