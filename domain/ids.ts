// Ids are branded strings: 1 to 128 letters, digits and -_.: (the contract's rule).
import * as t from 'io-ts';

export const idPattern = /^[A-Za-z0-9\-_.:]{1,128}$/;

const brandedId = <B extends string>(name: B) =>
  t.brand(
    t.string,
    (value): value is t.Branded<string, { readonly [K in B]: symbol }> => idPattern.test(value),
    name,
  );

export const AccountId = brandedId('AccountId');
export type AccountId = t.TypeOf<typeof AccountId>;
export const DeviceId = brandedId('DeviceId');
export type DeviceId = t.TypeOf<typeof DeviceId>;
export const ChargeId = brandedId('ChargeId');
export type ChargeId = t.TypeOf<typeof ChargeId>;
export const TopUpId = brandedId('TopUpId');
export type TopUpId = t.TypeOf<typeof TopUpId>;
export const LoginId = brandedId('LoginId');
export type LoginId = t.TypeOf<typeof LoginId>;
export const IncidentId = brandedId('IncidentId');
export type IncidentId = t.TypeOf<typeof IncidentId>;
export const MerchantId = brandedId('MerchantId');
export type MerchantId = t.TypeOf<typeof MerchantId>;
export const StoreId = brandedId('StoreId');
export type StoreId = t.TypeOf<typeof StoreId>;
export const AlertId = brandedId('AlertId');
export type AlertId = t.TypeOf<typeof AlertId>;

// ISO 3166-1 alpha-2 shape (two capital letters). Membership in the assigned list is not checked:
// a login country is evidence recorded as reported, and user-assigned codes (XK) occur in practice.
export const CountryCode = t.brand(
  t.string,
  (value): value is t.Branded<string, { readonly CountryCode: unique symbol }> => /^[A-Z]{2}$/.test(value),
  'CountryCode',
);
export type CountryCode = t.TypeOf<typeof CountryCode>;

// Free text (reasons, sources, descriptions): bounded, no control characters and no Unicode
// format characters (bidirectional overrides, zero-width marks), so a stored reason always
// displays as what it contains.
export const textLengthMax = 500;
export const Text = t.brand(
  t.string,
  (value): value is t.Branded<string, { readonly Text: unique symbol }> =>
    value.length >= 1 && value.length <= textLengthMax && !/[\u0000-\u001f\u007f]|\p{Cf}/u.test(value),
  'Text',
);
export type Text = t.TypeOf<typeof Text>;

// An IPv4 or IPv6 address in textual form; the shape is checked, not routability.
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6 = /^[0-9A-Fa-f:.]{2,45}$/;
export const IpAddress = t.brand(
  t.string,
  (value): value is t.Branded<string, { readonly IpAddress: unique symbol }> =>
    ipv4.test(value) || (value.includes(':') && ipv6.test(value)),
  'IpAddress',
);
export type IpAddress = t.TypeOf<typeof IpAddress>;
