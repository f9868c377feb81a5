// Values no field of their kind may accept: wrong types, sizes past every bound, unicode tricks
// (RTL override, zero-width characters, look-alike digits and letters), prototype-pollution
// shapes, numbers where the contract wants strings, impossible times. Raw JSON text is allowed
// (a `raw` value is spliced into the body as written: 1e309, -0, deep nesting).
export type Hostile = Readonly<{ value: unknown }> | Readonly<{ raw: string }>;

const v = (value: unknown): Hostile => ({ value });
const raw = (text: string): Hostile => ({ raw: text });

const rtl = '\u202E';
const zeroWidth = '\u200B';
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// Invalid for every field, whatever its kind.
export const anyField: ReadonlyArray<Hostile> = [
  v(null), v(12), v(-1), v(1.5), raw('1e309'), raw('-0'), raw('-1e309'), v({ $gt: '' }),
  v('x'.repeat(100_000)), raw(deep(2_000)), raw('{"__proto__":{"polluted":true}}'), raw('{"constructor":{"prototype":{"polluted":true}}}'),
];

const ids: ReadonlyArray<Hostile> = [
  v(''), v('a'.repeat(129)), v(`acc${zeroWidth}1`), v(`acc${rtl}1`), v('аcc-1'), v('acc 1'), v('a/b'), v('../etc/passwd'),
  v('a\u0000b'), v('１２３'), v('٣'), v('💳'), v('acc-1\n'), v(' acc-1'), v('%41'), v('a?b'), v('a#b'), v('<script>'), v(true),
];

const amounts: ReadonlyArray<Hostile> = [
  v('0'), v('-0'), v('0.00'), v('-10'), v('+10'), v('0x10'), v('1e3'), v('1E3'), v('10.'), v('.5'), v(' 10'), v('10 '),
  v('１０'), v('١٠'), v('1\u200B0'), v('NaN'), v('Infinity'), v('1'.repeat(16)), v('0.0001'), v('10.5'), v('10,5'), v('１'),
  v(10), raw('1e309'), raw('-0'), v('10' + rtl), v(true),
];

const instants: ReadonlyArray<Hostile> = [
  v('10000-01-01T00:00:00Z'), v('+010000-01-01T00:00:00Z'), v('9999-12-31T23:59:59Z'), v('1969-12-31T23:59:59Z'),
  v('2024-05-01T10:00:00'), v('2024-02-30T10:00:00Z'), v('2024-05-01T24:00:00Z'), v('2024-05-01T10:00:00+24:00'),
  v('２０２４-05-01T10:00:00Z'), v(`2024-05-01T10:00:00Z${zeroWidth}`), v(' 2024-05-01T10:00:00Z'), v('now'), v('yesterday'),
  v(1714525200000), v('2024-05-01'), v('2024-05-01T10:00:00.1234567890Z'), v('2024-W18-3T10:00:00Z'), v(''),
];

const texts: ReadonlyArray<Hostile> = [v(''), v('x'.repeat(501)), v('a\u0000b'), v('\u001b[31mred'), v('tab\there'), v('a\u007fb'), v('line\nbreak'), v(true)];
const currencies: ReadonlyArray<Hostile> = [v('jpy'), v(`JPY${zeroWidth}`), v('ＪＰＹ'), v('XXX'), v('JPYY'), v(''), v('BTC')];
const countries: ReadonlyArray<Hostile> = [v('jp'), v('JPN'), v('Ｊ'), v(`${rtl}JP`), v('J'), v('')];
const enums: ReadonlyArray<Hostile> = [v('SMS_OTP'), v(`sms_otp${zeroWidth}`), v('password'), v(''), v('__proto__'), v('constructor')];
const ips: ReadonlyArray<Hostile> = [v('999.1.1.1'), v('1.1.1'), v('localhost'), v('١.١.١.١'), v('::g'), v('1.1.1.1/24'), v('')];
const booleans: ReadonlyArray<Hostile> = [v('true'), v(1), v(0), v('false'), v('yes')];
const arrays: ReadonlyArray<Hostile> = [v('phone-1'), v([12]), v(['a/b']), v([null]), v(Array.from({ length: 10_001 }, (_, i) => `d-${i}`))];
const objects: ReadonlyArray<Hostile> = [v('window'), v(['from']), v({ from: '2024-05-01T00:00:00Z' }), v({ unknown: 1 })];

// The kind of each body field of the contract, by name.
const byName: Readonly<Record<string, ReadonlyArray<Hostile>>> = {
  accountId: ids, deviceId: ids, chargeId: ids, topUpId: ids, loginId: ids, incidentId: ids, merchantId: ids, storeId: ids,
  amount: amounts, occurredAt: instants, from: instants, to: instants,
  reason: texts, source: texts, category: texts, description: texts,
  currency: currencies, homeCountry: countries, country: countries, method: enums, outcome: enums, ipAddress: ips,
  dryRun: booleans, devicesRegisteredInWindow: booleans, deviceIds: arrays, countries: arrays, accountIds: arrays,
  window: objects, criteria: [v('all'), v([]), v({ deviceIds: 'x' }), v({ unknown: true })],
};

const arrayFields: ReadonlySet<string> = new Set(['deviceIds', 'countries', 'accountIds']);

// An empty or one-id array is a valid criteria list, so arrays are hostile only elsewhere.
export const hostileFor = (field: string): ReadonlyArray<Hostile> =>
  [...(byName[field] ?? []), ...anyField, ...(arrayFields.has(field) ? [] : [v([]), v(['x'])])];

// Path segments no id may be (already percent-encoded where the URL needs it).
export const hostileSegments: ReadonlyArray<string> = [
  '%E2%80%AE', '%E2%80%8B', 'acc%E2%80%8B1', '%D0%B0cc', '%00', 'a%00b', 'a%2Fb', '%20', 'a%20b', 'a'.repeat(129), 'a'.repeat(500),
  '%EF%BC%91', '%F0%9F%92%B3', '%3Cscript%3E', '%25', '%ZZ', '%', 'a%0Ab', '%22', "a'b", 'a%3Fb',
];

// Query strings no route accepts (commands take none; reads refuse unknown keys and bad values).
export const hostileQueries: ReadonlyArray<string> = [
  'x=1', '__proto__[x]=1', 'constructor=1', 'limit=0', 'limit=1001', 'limit=-1', 'limit=1e3', 'limit=%EF%BC%91', 'limit=1&limit=2',
  'after=-1', `after=${'9'.repeat(30)}`, 'after=0x10', 'asOf=10000-01-01T00:00:00Z', 'knownAt=2024-02-30T00:00:00Z',
  'asOf=now', 'since=yesterday', 'waitFor=%EF%BC%91', 'waitFor=-0', 'asOf=2024-05-01T10%3A00%3A00', `x=${'y'.repeat(5_000)}`,
];

export const unknownKeys: ReadonlyArray<string> = ['balance', '__proto__', 'constructor', 'prototype', 'isAdmin', `amount${zeroWidth}`, 'ａmount', 'role', ''];

export const hostileBodies: ReadonlyArray<string> = [
  '', ' ', '{', '}', '{"a":', '[]', '[1,2]', '"x"', 'null', 'true', '1e309', '-0', '{}x', "{'a':1}", '{"a":1,}', '{a:1}',
  deep(10_000), `{"a":${deep(5_000)}}`, 'NaN', '\u0000', '{"\u0000":1}', '\uFEFF', '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}', `"${'x'.repeat(200_000)}"`,
];

export const hostileContentTypes: ReadonlyArray<string | undefined> = [
  undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx',
  'application/xml', 'application/json-patch+json', 'text/json', '*/*', '',
];
