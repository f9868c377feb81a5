// Shared fixtures for the HTTP tests: an app on the memory store with fixed keys and a fixed
// clock, and helpers to call it as a given role.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type Either, isLeft, right } from 'fp-ts/lib/Either.js';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { AccountId, ChargeId, DeviceId, MerchantId, StoreId } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { PositiveAmountCodec } from '../../../domain/money.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { EventStore } from '../../../domain/ports/event-store.ts';
import type { Clock } from '../../../adapters/event-store/recorded-at.ts';
import { type ApiKey, type Role, roles } from '../../../adapters/http/api-keys.ts';
import type { AppDeps } from '../../../adapters/http/app-deps.ts';
import { buildApp } from '../../../adapters/http/build-app.ts';
import { createApprovals, fourEyesOff } from '../../../adapters/approvals/approvals-service.ts';
import { IssuerId, ReversalProposal } from '../../../domain/approvals/approval-events.ts';
import { recordAnswers } from './openapi/answer-recorder.ts';
import { signedTestLog } from './log-fixture.ts';

export const keys: Readonly<Record<Role, string>> = {
  payments: 'payments-key-0001',
  auditor: 'auditor-key-0001',
  finance: 'finance-key-0001',
  admin: 'admin-key-0001',
};
export const apiKeys: ReadonlyArray<ApiKey> = roles.map((role) => ({ role, key: keys[role] }));

export const fixedClock: Clock = { now: () => new Date('2024-05-01T12:00:00.000Z') };
export const at = '2024-05-01T10:00:00+09:00';

// Collaborators of the read side that are not under test here: they answer plainly, so a test
// can tell a routing or auth answer from a query answer.
export const testDeps = (store: EventStore): AppDeps => ({
  store,
  apiKeys,
  clock: fixedClock,
  logger: false,
  queries: {
    balance: async ({ accountId }) =>
      accountId === 'missing' ? undefined : { currency: 'JPY', ledgerBalance: '0', correctedBalance: '0' },
    waitFor: async () => true,
  },
  incidents: {
    run: async (request) =>
      right({ incidentId: request.incidentId, charges: 0, accounts: 0, total: {}, dryRun: request.dryRun === true }),
    reimbursements: async (incidentId) => ({ incidentId, rows: [], total: {} }),
  },
  alerts: { since: async () => [] },
  log: signedTestLog(),
});

export type TestApp = Readonly<{
  app: FastifyInstance;
  store: EventStore;
  call: (role: Role | undefined, method: InjectOptions['method'], url: string, body?: unknown) => Promise<LightMyRequestResponse>;
}>;

export const testApp = async (overrides: Partial<AppDeps> = {}): Promise<TestApp> => {
  const store = overrides.store ?? createMemoryEventStore({ clock: fixedClock });
  const app = await buildApp({ ...testDeps(store), ...overrides });
  recordAnswers(app);
  const call: TestApp['call'] = (role, method, url, body) =>
    app.inject({
      method,
      url,
      headers: {
        ...(role === undefined ? {} : { authorization: `Bearer ${keys[role]}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { app, store, call };
};

// Opens account `accountId` (JPY) with a verified device `phone-1` and a balance of `balance` yen.
export const fundedAccount = async (call: TestApp['call'], accountId: string, balance: string): Promise<void> => {
  const steps: ReadonlyArray<readonly [string, unknown]> = [
    ['/v1/accounts', { accountId, currency: 'JPY', homeCountry: 'JP', occurredAt: at }],
    [`/v1/accounts/${accountId}/devices`, { deviceId: 'phone-1', occurredAt: at }],
    [`/v1/accounts/${accountId}/devices/phone-1/verification`, { method: 'sms_otp', occurredAt: at }],
    [`/v1/accounts/${accountId}/top-ups`, { topUpId: 'initial', amount: balance, source: 'bank', occurredAt: at }],
  ];
  for (const [url, body] of steps) {
    const response = await call('payments', 'POST', url, body);
    if (response.statusCode >= 300) throw new Error(`fixture ${url}: ${response.statusCode} ${response.body}`);
  }
};

export const errorShape = (response: LightMyRequestResponse): { code: string; message: string } => {
  const body: unknown = response.json();
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`not an error body: ${response.body}`);
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) throw new Error(`bad error: ${response.body}`);
  if (typeof error.code !== 'string' || typeof error.message !== 'string') throw new Error(`bad error: ${response.body}`);
  return { code: error.code, message: error.message };
};

// A reversal of acc-1's c-1 proposed as `apr-1` by another finance key than the test's (so either
// test key may decide it), written through the approvals' own command path on the app's store.
export const proposeSampleApproval = async (store: EventStore): Promise<void> => {
  const approvals = createApprovals({ store, commands: createCommandHandler(store), clock: fixedClock, config: fourEyesOff, newApprovalId: () => 'apr-1' });
  const proposedBy = IssuerId.decode('finance:carol');
  const request = { accountId: 'acc-1', chargeId: 'c-1', reason: 'fraud', occurredAt: '2024-05-01T01:00:00.000Z' };
  const decoded = ReversalProposal.decode({ action: 'reversal', request });
  if (proposedBy._tag === 'Left' || decoded._tag === 'Left') throw new Error('sample approval: bad fixture');
  const proposed = await approvals.propose(decoded.right, proposedBy.right);
  if (proposed._tag === 'Left') throw new Error(`sample approval: ${JSON.stringify(proposed.left)}`);
};

// A charge `chargeId` of 100 held for a step-up on `accountId` (a fundedAccount), placed through a
// command handler of its own on the same store with rules that flag every charge: for the samples
// of POST .../step-up, on apps built with step-up off.
export const stepUpHold = async (store: EventStore, accountId: string, chargeId: string): Promise<void> => {
  const decode = <A>(codec: { decode: (input: unknown) => Either<unknown, A> }, input: unknown): A => {
    const decoded = codec.decode(input);
    if (isLeft(decoded)) throw new Error(`fixture: ${String(input)}`);
    return decoded.right;
  };
  const command = {
    kind: 'ChargeWallet' as const,
    accountId: decode(AccountId, accountId), chargeId: decode(ChargeId, chargeId), amount: decode(PositiveAmountCodec, '100'),
    merchantId: decode(MerchantId, 'm'), storeId: decode(StoreId, 's'), deviceId: decode(DeviceId, 'phone-1'), occurredAt: decode(InstantCodec, at),
    stepUp: { rules: { 'amount-over-threshold': { amountMaxByCurrency: { JPY: decode(PositiveAmountCodec, '1') } } }, supported: true, ledgerTime: decode(InstantCodec, fixedClock.now().toISOString()) },
  };
  const outcome = await createCommandHandler(store)(command);
  if (isLeft(outcome) || outcome.right.recorded.type !== 'ChargeHeld') throw new Error(`fixture: no step-up hold ${chargeId}`);
};
