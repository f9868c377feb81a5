// Seeds a funded account with one verified device over a running server's HTTP API, as a payment
// service would: open the account, register the device, verify it, top up. Any answer other than
// 2xx throws with the route and the body, so a test (or the served bench) stops at the first refusal.
export type FundedAccount = Readonly<{
  accountId: string;
  amount: string;
  occurredAt: string;
  currency?: string;
  homeCountry?: string;
  deviceId?: string;
  verificationMethod?: 'totp' | 'passkey';
  topUpId?: string;
}>;

export const postJson = async (base: string, authorization: string, path: string, body: unknown): Promise<Response> =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const seedFundedAccount = async (base: string, authorization: string, account: FundedAccount): Promise<void> => {
  const { accountId, occurredAt } = account;
  const deviceId = account.deviceId ?? 'phone-1';
  const steps: ReadonlyArray<readonly [string, unknown]> = [
    ['/v1/accounts', { accountId, currency: account.currency ?? 'JPY', homeCountry: account.homeCountry ?? 'JP', occurredAt }],
    [`/v1/accounts/${accountId}/devices`, { deviceId, occurredAt }],
    [`/v1/accounts/${accountId}/devices/${deviceId}/verification`, { method: account.verificationMethod ?? 'totp', occurredAt }],
    [`/v1/accounts/${accountId}/top-ups`, { topUpId: account.topUpId ?? 'seed', amount: account.amount, source: 'bank', occurredAt }],
  ];
  for (const [path, body] of steps) {
    const response = await postJson(base, authorization, path, body);
    if (response.status >= 300) throw new Error(`seeding ${path}: ${response.status} ${await response.text()}`);
  }
};
