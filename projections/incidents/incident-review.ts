// What finance reviews before an incident runs: the selected charges themselves, sorted by account
// then occurredAt (then chargeId, so the order is total), in pages of at most reviewPageSizeMax.
// The cursor names the last charge of a page (keyset paging): a page stays the same whatever is
// recorded meanwhile before it. The totals of a dry run always cover every selected charge.
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatAmount } from '../../domain/money.ts';
import type { SelectedCharge } from './selected-charge.ts';

export const reviewPageSizeMax = 1000;

export type ReviewedCharge = Readonly<{
  accountId: string;
  chargeId: string;
  amount: string;
  currency: string;
  occurredAt: string;
  deviceId: string;
}>;

export type ReviewPage = Readonly<{ selected: ReadonlyArray<ReviewedCharge>; selectedNext: string | null }>;

type SortKey = readonly [string, string, string];
const keyOf = (charge: Pick<SelectedCharge, 'accountId' | 'occurredAt' | 'chargeId'>): SortKey => [charge.accountId, charge.occurredAt, charge.chargeId];

const compareKeys = (a: SortKey, b: SortKey): number => {
  for (let index = 0; index < 3; index += 1) {
    if (a[index] !== b[index]) return (a[index] ?? '') < (b[index] ?? '') ? -1 : 1;
  }
  return 0;
};

const CursorCodec = t.tuple([t.string, t.string, t.string]);

export const encodeCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

// undefined when the text is not a cursor this module wrote.
export const decodeCursor = (text: string): SortKey | undefined => {
  if (!/^[A-Za-z0-9_-]{1,1400}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const decoded = CursorCodec.decode(parsed);
  return isLeft(decoded) ? undefined : decoded.right;
};

export const reviewedCharge = (charge: SelectedCharge): ReviewedCharge => ({
  accountId: charge.accountId,
  chargeId: charge.chargeId,
  amount: formatAmount(charge.amount),
  currency: charge.amount.currency,
  occurredAt: charge.occurredAt,
  deviceId: charge.deviceId,
});

export const sortedForReview = (charges: ReadonlyArray<SelectedCharge>): ReadonlyArray<SelectedCharge> =>
  [...charges].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));

// The page after `after` (from the start when undefined).
export const reviewPage = (charges: ReadonlyArray<SelectedCharge>, after: SortKey | undefined, pageSize = reviewPageSizeMax): ReviewPage => {
  const sorted = sortedForReview(charges);
  const start = after === undefined ? 0 : sorted.findIndex((charge) => compareKeys(keyOf(charge), after) > 0);
  const page = start < 0 ? [] : sorted.slice(start, start + Math.min(pageSize, reviewPageSizeMax));
  const last = page.at(-1);
  const more = start >= 0 && start + page.length < sorted.length;
  return { selected: page.map(reviewedCharge), selectedNext: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
};
