// Seeds the served ledger over its own HTTP API (as a payment service would): each account opened,
// a device registered and verified, and one large top-up (the tests' own helper).
import { seedFundedAccount } from '../../test/support/funded-account-over-http.ts';

export const seedAccounts = async (base: string, authorization: string, accounts: ReadonlyArray<string>, amount: bigint, occurredAt: string): Promise<void> => {
  for (const accountId of accounts) {
    await seedFundedAccount(base, authorization, { accountId, amount: amount.toString(), verificationMethod: 'passkey', occurredAt });
  }
};

const balanceWaitMs = 60_000;
const pollMs = 250;
const stablePollsMin = 4;

export type SettledBalance = Readonly<{ answered: string; settled: boolean }>;

// The account's ledger balance once the read side has settled (the same answer for a second), or
// the last answer after the bound: the bench then reports it instead of hanging.
export const settledBalance = async (base: string, authorization: string, accountId: string): Promise<SettledBalance> => {
  const deadline = Date.now() + balanceWaitMs;
  let last = 'no answer';
  let sameFor = 0;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/v1/accounts/${accountId}/balance`, { headers: { authorization } });
    const body: unknown = await response.json();
    const answered = typeof body === 'object' && body !== null && 'ledgerBalance' in body && typeof body.ledgerBalance === 'string' ? body.ledgerBalance : 'no answer';
    sameFor = answered === last ? sameFor + 1 : 0;
    last = answered;
    if (sameFor >= stablePollsMin) return { answered, settled: true };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { answered: last, settled: false };
};
