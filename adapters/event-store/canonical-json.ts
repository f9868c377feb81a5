// RFC 8785 canonical JSON, as the `canonicalize` package writes it, with a fast path for plain
// JSON data (strings, finite numbers, booleans, null, plain objects and dense arrays). Anything
// else (toJSON, undefined, lone surrogates, very deep values, keys JS would enumerate out of order)
// is left to `canonicalize` itself, which stays the definition; the unit test compares both on
// generated values.
import canonicalize from 'canonicalize';

const anySurrogate = /[\uD800-\uDFFF]/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// The cheap test first: almost no string holds a surrogate at all.
const hasLoneSurrogate = (text: string): boolean => anySurrogate.test(text) && loneSurrogate.test(text);
const depthMax = 32;

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !('toJSON' in value);
};

const isSorted = (keys: ReadonlyArray<string>): boolean => {
  for (let index = 1; index < keys.length; index += 1) if ((keys[index - 1] ?? '') > (keys[index] ?? '')) return false;
  return true;
};

// The fast path of encodeData: the value itself when it is plain JSON whose objects already list
// their keys in canonical order, a re-keyed copy when only the order differs, so that one
// JSON.stringify writes the canonical text (half the cost of joining the parts by hand). A key
// that starts with a digit could be an array index, which JS always enumerates first in numeric
// order whatever the insertion order, so a re-keyed copy could not hold it in code-unit order.
const notPlain: unique symbol = Symbol('not plain JSON');
type Ordered = unknown;

const startsWithDigit = (key: string): boolean => {
  const code = key.charCodeAt(0);
  return code >= 48 && code <= 57;
};

const orderedArray = (values: ReadonlyArray<unknown>, depth: number): Ordered | typeof notPlain => {
  let copy: unknown[] | undefined;
  for (let index = 0; index < values.length; index += 1) {
    if (!(index in values)) return notPlain;
    const value = values[index];
    const ordered = inCanonicalOrder(value, depth);
    if (ordered === notPlain) return notPlain;
    if (ordered !== value) copy ??= values.slice(0, index);
    copy?.push(ordered);
  }
  return copy ?? values;
};

// The copy is built by assignment, which V8 makes fast for recurring shapes (Object.fromEntries
// is not); `__proto__` would set the copy's prototype instead of a key, so it takes the slow path.
const orderedObject = (object: Record<string, unknown>, depth: number): Ordered | typeof notPlain => {
  const keys = Object.keys(object);
  const sorted = isSorted(keys);
  if (!sorted) {
    if (keys.some((key) => startsWithDigit(key) || key === '__proto__')) return notPlain;
    keys.sort();
  }
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] ?? '';
    const value = object[key];
    if (value === undefined || hasLoneSurrogate(key)) return notPlain;
    const ordered = inCanonicalOrder(value, depth);
    if (ordered === notPlain) return notPlain;
    if (ordered !== value && copy === undefined) {
      if (keys.slice(0, index + 1).some((earlier) => earlier === '__proto__')) return notPlain;
      copy = {};
      for (const earlier of keys.slice(0, index)) copy[earlier] = object[earlier];
    }
    if (copy !== undefined) copy[key] = ordered;
  }
  return copy ?? object;
};

const inCanonicalOrder = (value: unknown, depth: number): Ordered | typeof notPlain => {
  switch (typeof value) {
    case 'string':
      return hasLoneSurrogate(value) ? notPlain : value;
    case 'number':
      return Number.isFinite(value) ? value : notPlain;
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return value;
      if (depth >= depthMax) return notPlain;
      if (Array.isArray(value)) return orderedArray(value, depth + 1);
      return isPlainObject(value) ? orderedObject(value, depth + 1) : notPlain;
    default:
      return notPlain;
  }
};

export const canonicalJson = (value: unknown): string => {
  const ordered = inCanonicalOrder(value, 0);
  const encoded = ordered !== notPlain ? JSON.stringify(ordered) : canonicalize(value);
  if (encoded === undefined) throw new TypeError('event store: value cannot be encoded as canonical JSON');
  return encoded;
};

// An event's data as stored (`json`), and as a read will return it (`readBack`). Plain JSON data
// reads back as an equal value, so the caller's own object serves (shared, not copied: the store
// never changes it, and neither should the caller); anything else is parsed from the JSON.
export const encodeData = (
  data: Readonly<Record<string, unknown>>,
): Readonly<{ json: string; readBack: Readonly<Record<string, unknown>> }> => {
  const ordered = Array.isArray(data) ? notPlain : inCanonicalOrder(data, 0);
  if (ordered !== notPlain) return { json: JSON.stringify(ordered), readBack: data };
  const json = canonicalJson(data);
  const readBack: unknown = JSON.parse(json);
  if (typeof readBack !== 'object' || readBack === null || Array.isArray(readBack)) {
    throw new TypeError('event store: event data must encode as a JSON object');
  }
  return { json, readBack: { ...readBack } };
};
