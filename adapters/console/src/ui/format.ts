// Display helpers. Times are shown as the API gives them (UTC, ISO), so what a reader sees is
// what they can paste into a request.
export const amountText = (amount: string | undefined, currency: string | undefined): string =>
  amount === undefined ? '' : `${amount}${currency === undefined ? '' : ` ${currency}`}`;

export const totalsText = (total: Readonly<Record<string, string>>): string => {
  const parts = Object.entries(total).map(([currency, amount]) => `${amount} ${currency}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
};

export const shortHash = (hash: string): string => (hash.length > 16 ? `${hash.slice(0, 12)}…` : hash);

export const nowIso = (): string => new Date().toISOString();
