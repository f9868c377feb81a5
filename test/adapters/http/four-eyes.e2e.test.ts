// Four eyes over HTTP (LEDGER_FOUR_EYES): every guarded action × four eyes on/off × the same or
// another approver × approve/reject/expire, and each step sent again. The effect on the account
// (its events) is counted, not just the answers.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type FourEyesConfig, guardedActions } from '../../../adapters/approvals/approvals-service.ts';
import { createCommandHandler } from '../../../adapters/command-handling/command-handler.ts';
import { createMemoryEventStore } from '../../../adapters/event-store/memory-event-store.ts';
import type { ApiKey, Role } from '../../../adapters/http/api-keys.ts';
import { buildApp } from '../../../adapters/http/build-app.ts';
import { AccountId, Text } from '../../../domain/ids.ts';
import { InstantCodec } from '../../../domain/instant.ts';
import { apiKeys, at, errorShape, fundedAccount, keys, testDeps } from './http-fixtures.ts';

const second = { finance: 'finance-key-bob-0001', admin: 'admin-key-abe-00001' } as const;
const first = { finance: 'finance-key-0001', admin: 'admin-key-0001' } as const;
const keysWithSeconds: ReadonlyArray<ApiKey> = [...apiKeys, { role: 'finance', name: 'bob', key: second.finance }, { role: 'admin', name: 'abe', key: second.admin }];
const allGuarded: FourEyesConfig = { guarded: new Set(guardedActions), approvalTtlHours: 72 };

type Action = Readonly<{
  name: string;
  role: 'finance' | 'admin';
  url: string;
  body: unknown;
  // The v1 answer's status, and the event the action appends on acc-1.
  status: 200 | 201;
  effect: string;
}>;

const actions: ReadonlyArray<Action> = [
  {
    name: 'incidents', role: 'finance', url: '/v1/incidents', status: 201, effect: 'ChargeReversed',
    body: { incidentId: 'inc-1', description: 'takeover', window: { from: '2024-05-01T00:00:00+09:00', to: '2024-05-02T00:00:00+09:00' }, criteria: { accountIds: ['acc-1'] } },
  },
  { name: 'reversal', role: 'finance', url: '/v1/accounts/acc-1/charges/c-1/reversal', status: 201, effect: 'ChargeReversed', body: { reason: 'fraud', occurredAt: at } },
  { name: 'freeze', role: 'admin', url: '/v1/accounts/acc-1/freeze', status: 200, effect: 'AccountFrozen', body: { reason: 'review', occurredAt: at } },
  { name: 'unfreeze', role: 'admin', url: '/v1/accounts/acc-1/unfreeze', status: 200, effect: 'AccountUnfrozen', body: { reason: 'cleared', occurredAt: at } },
];

const setUp = async (fourEyes: FourEyesConfig | undefined, action: Action) => {
  let now = new Date('2024-05-01T12:00:00.000Z');
  const clock = { now: () => now };
  const store = createMemoryEventStore({ clock });
  const app = await buildApp({ ...testDeps(store), apiKeys: keysWithSeconds, clock, ...(fourEyes === undefined ? {} : { fourEyes }) });
  const send = (key: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  const call = (role: Role | undefined, _method: unknown, url: string, body?: unknown) => send(keys[role ?? 'payments'], 'POST', url, body);
  await fundedAccount(call, 'acc-1', '1000');
  const charged = await call('payments', 'POST', '/v1/accounts/acc-1/charges', { chargeId: 'c-1', amount: '100', merchantId: 'm', storeId: 's', deviceId: 'phone-1', occurredAt: at });
  expect(charged.statusCode).toBe(201);
  if (action.name === 'unfreeze') {
    const frozen = await createCommandHandler(store)({ kind: 'FreezeAccount', accountId: decoded(AccountId, 'acc-1'), reason: decoded(Text, 'set-up'), occurredAt: decoded(InstantCodec, at) });
    expect(frozen._tag).toBe('Right');
  }
  const effects = async (): Promise<number> =>
    (await store.readStream('account-acc-1')).filter((event) => event.type === action.effect).length;
  const approvalEvents = async (): Promise<ReadonlyArray<string>> =>
    (await store.readAll({ types: ['ApprovalProposed', 'ApprovalGranted', 'ApprovalRejected', 'ApprovalExpired', 'ApprovedActionExecuted'] })).map((event) => event.type);
  return { store, send, effects, approvalEvents, advanceHours: (hours: number) => { now = new Date(now.getTime() + hours * 3_600_000); } };
};

const decoded = <A>(codec: { decode: (input: unknown) => { _tag: string } & ({ _tag: 'Right'; right: A } | { _tag: 'Left' }) }, value: unknown): A => {
  const result = codec.decode(value);
  if (result._tag !== 'Right' || !('right' in result)) throw new Error(`fixture: ${String(value)}`);
  return result.right;
};

const body = (response: LightMyRequestResponse): Record<string, unknown> => response.json();

describe.each(actions)('four eyes on $name', (action) => {
  const propose = async (target: Awaited<ReturnType<typeof setUp>>) => {
    const response = await target.send(first[action.role], 'POST', action.url, action.body);
    expect(response.statusCode, response.body).toBe(202);
    const proposal = body(response);
    expect(proposal).toMatchObject({ action: action.name, status: 'awaiting_approval', proposedBy: expect.stringMatching(new RegExp(`^${action.role}:`)), expiresAt: '2024-05-04T12:00:00.000Z' });
    expect(await target.effects()).toBe(0);
    return String(proposal.approvalId);
  };
  const decide = (target: Awaited<ReturnType<typeof setUp>>, key: string, approvalId: string, decision: 'approve' | 'reject', reason = 'checked') =>
    target.send(key, 'POST', `/v1/approvals/${approvalId}/${decision}`, { occurredAt: at, reason });

  it('off: answers as in v1 and proposes nothing', async () => {
    const target = await setUp(undefined, action);
    const response = await target.send(first[action.role], 'POST', action.url, action.body);
    expect(response.statusCode, response.body).toBe(action.status);
    expect(body(response)).not.toHaveProperty('approvalId');
    expect(await target.approvalEvents()).toEqual([]);
  });

  it('on, the same key: the proposer cannot approve or reject; nothing runs', async () => {
    const target = await setUp(allGuarded, action);
    const approvalId = await propose(target);
    for (const decision of ['approve', 'reject'] as const) {
      const refused = await decide(target, first[action.role], approvalId, decision);
      expect([refused.statusCode, errorShape(refused).code]).toEqual([403, 'approver_is_proposer']);
    }
    expect(await target.effects()).toBe(0);
    expect(await target.approvalEvents()).toEqual(['ApprovalProposed']);
  });

  it('on, another key approves: the action runs once, however often the approval is sent', async () => {
    const target = await setUp(allGuarded, action);
    const approvalId = await propose(target);
    const approved = await decide(target, second[action.role], approvalId, 'approve');
    expect(approved.statusCode, approved.body).toBe(action.status);
    expect(body(approved)).toMatchObject({ approvalId });
    if (action.name === 'incidents') expect(body(approved)).toMatchObject({ incidentId: 'inc-1', charges: 1, total: { JPY: '100' } });
    expect(await target.effects()).toBe(1);
    // Sent again, with another body, even by the proposer: the same answer, nothing more appended.
    const again = await decide(target, first[action.role], approvalId, 'approve', 'again');
    expect([again.statusCode, again.json()]).toEqual([approved.statusCode, approved.json()]);
    expect(await target.effects()).toBe(1);
    const other = await decide(target, second[action.role], approvalId, 'reject');
    expect([other.statusCode, errorShape(other).code]).toEqual([409, 'approval_decided']);
    expect(await target.approvalEvents()).toEqual(['ApprovalProposed', 'ApprovalGranted', 'ApprovedActionExecuted']);
    // Who asked, who agreed, who ran it: issuedBy on each approval event and on the action's own.
    const issuers = (await target.store.readStream(`approval-${approvalId}`)).map((event) => event.metadata?.issuedBy);
    const approver = `${action.role}:${action.role === 'finance' ? 'bob' : 'abe'}`;
    expect(issuers.slice(1)).toEqual([approver, 'system:four-eyes']);
    expect(issuers[0]).toMatch(new RegExp(`^${action.role}:[0-9a-f]{8}$`));
    const effect = (await target.store.readStream('account-acc-1')).filter((event) => event.type === action.effect).at(-1);
    expect(effect?.metadata?.issuedBy).toBe(approver);
    const shown = body(await target.send(second[action.role], 'GET', `/v1/approvals/${approvalId}`));
    expect(shown).toMatchObject({ status: 'approved', decidedBy: `${action.role}:${action.role === 'finance' ? 'bob' : 'abe'}`, executed: { outcome: 'succeeded' } });
  });

  it('on, another key rejects: nothing runs; the rejection is answered again the same', async () => {
    const target = await setUp(allGuarded, action);
    const approvalId = await propose(target);
    const rejected = await decide(target, second[action.role], approvalId, 'reject');
    expect([rejected.statusCode, rejected.json()]).toEqual([200, { approvalId, status: 'rejected' }]);
    const again = await decide(target, second[action.role], approvalId, 'reject', 'another reason');
    expect([again.statusCode, again.json()]).toEqual([200, { approvalId, status: 'rejected' }]);
    const other = await decide(target, second[action.role], approvalId, 'approve');
    expect([other.statusCode, errorShape(other).code]).toEqual([409, 'approval_decided']);
    expect(await target.effects()).toBe(0);
    expect(await target.approvalEvents()).toEqual(['ApprovalProposed', 'ApprovalRejected']);
  });

  it('on, past LEDGER_APPROVAL_TTL_HOURS: neither decision is possible; the expiry is recorded once', async () => {
    const target = await setUp(allGuarded, action);
    const approvalId = await propose(target);
    target.advanceHours(72);
    for (const decision of ['approve', 'reject', 'approve'] as const) {
      const refused = await decide(target, second[action.role], approvalId, decision);
      expect([refused.statusCode, errorShape(refused).code]).toEqual([409, 'approval_expired']);
    }
    expect(await target.effects()).toBe(0);
    expect(await target.approvalEvents()).toEqual(['ApprovalProposed', 'ApprovalExpired']);
    expect(body(await target.send(second[action.role], 'GET', `/v1/approvals/${approvalId}`))).toMatchObject({ status: 'expired' });
  });

  it('on: proposing the same thing again while it awaits answers the awaiting proposal', async () => {
    const target = await setUp(allGuarded, action);
    const approvalId = await propose(target);
    const again = await target.send(second[action.role], 'POST', action.url, action.body);
    expect([again.statusCode, body(again).approvalId]).toEqual([202, approvalId]);
    expect(await target.approvalEvents()).toEqual(['ApprovalProposed']);
  });
});

describe('four eyes: roles and listing', () => {
  it('a freeze proposal is decided by admin only; finance is forbidden', async () => {
    const target = await setUp(allGuarded, actions[2] as Action);
    const response = await target.send(first.admin, 'POST', '/v1/accounts/acc-1/freeze', { reason: 'review', occurredAt: at });
    const approvalId = String(body(response).approvalId);
    const refused = await target.send(first.finance, 'POST', `/v1/approvals/${approvalId}/approve`, { occurredAt: at });
    expect([refused.statusCode, errorShape(refused).code]).toEqual([403, 'forbidden']);
    const listed = body(await target.send(first.finance, 'GET', '/v1/approvals?status=awaiting_approval'));
    expect(listed).toEqual({ approvals: [expect.objectContaining({ approvalId, action: 'freeze' })] });
    expect(body(await target.send(first.finance, 'GET', '/v1/approvals?status=approved'))).toEqual({ approvals: [] });
  });

  it('only the guarded actions propose', async () => {
    const target = await setUp({ guarded: new Set(['reversal']), approvalTtlHours: 1 }, actions[2] as Action);
    expect((await target.send(first.admin, 'POST', '/v1/accounts/acc-1/freeze', { reason: 'review', occurredAt: at })).statusCode).toBe(200);
    const reversal = await target.send(first.finance, 'POST', '/v1/accounts/acc-1/charges/c-1/reversal', { reason: 'fraud', occurredAt: at });
    expect([reversal.statusCode, body(reversal).expiresAt]).toEqual([202, '2024-05-01T13:00:00.000Z']);
  });
});
