// One valid request per documented route: the auth matrix and the drift test start from these.
import { at } from './http-fixtures.ts';

export type Sample = Readonly<{ params: Record<string, string>; query: Record<string, string>; body: unknown }>;

const account = { accountId: 'acc-1' };
const device = { accountId: 'acc-1', deviceId: 'phone-1' };

export const samples: Readonly<Record<string, Sample>> = {
  'GET /health': { params: {}, query: {}, body: undefined },
  'GET /metrics': { params: {}, query: {}, body: undefined },
  'GET /ready': { params: {}, query: {}, body: undefined },
  'POST /v1/accounts': { params: {}, query: {}, body: { accountId: 'acc-2', currency: 'JPY', homeCountry: 'JP', occurredAt: at } },
  'POST /v1/accounts/:accountId/devices': { params: account, query: {}, body: { deviceId: 'phone-2', occurredAt: at } },
  'POST /v1/accounts/:accountId/devices/:deviceId/verification': { params: device, query: {}, body: { method: 'passkey', occurredAt: at } },
  'DELETE /v1/accounts/:accountId/devices/:deviceId': { params: device, query: {}, body: { occurredAt: at } },
  'POST /v1/accounts/:accountId/logins': {
    params: account,
    query: {},
    body: { loginId: 'l-1', deviceId: 'phone-1', ipAddress: '2001:db8::1', country: 'JP', outcome: 'succeeded', occurredAt: at },
  },
  'POST /v1/accounts/:accountId/top-ups': { params: account, query: {}, body: { topUpId: 't-9', amount: '500', source: 'bank transfer', occurredAt: at } },
  'POST /v1/accounts/:accountId/charges': {
    params: account,
    query: {},
    body: { chargeId: 'c-9', amount: '12', merchantId: 'm-1', storeId: 's-1', deviceId: 'phone-1', occurredAt: at, category: 'food' },
  },
  'POST /v1/accounts/:accountId/charges/:chargeId/capture': {
    params: { accountId: 'acc-1', chargeId: 'h-1' },
    query: {},
    body: { occurredAt: at, amount: '10' },
  },
  'POST /v1/accounts/:accountId/charges/:chargeId/step-up': {
    params: { accountId: 'acc-1', chargeId: 's-1' },
    query: {},
    body: { method: 'passkey', occurredAt: at },
  },
  'POST /v1/accounts/:accountId/charges/:chargeId/void': {
    params: { accountId: 'acc-1', chargeId: 'h-1' },
    query: {},
    body: { occurredAt: at, reason: 'order cancelled' },
  },
  'POST /v1/accounts/:accountId/charges/:chargeId/reversal': {
    params: { accountId: 'acc-1', chargeId: 'c-1' },
    query: {},
    body: { reason: 'fraud', occurredAt: at, incidentId: 'inc-1' },
  },
  'POST /v1/accounts/:accountId/freeze': { params: account, query: {}, body: { reason: 'review', occurredAt: at } },
  'POST /v1/accounts/:accountId/unfreeze': { params: account, query: {}, body: { reason: 'cleared', occurredAt: at } },
  'GET /v1/accounts/:accountId/balance': { params: account, query: { asOf: at, knownAt: at }, body: undefined },
  'GET /v1/accounts/:accountId/events': { params: account, query: { after: '0', limit: '10' }, body: undefined },
  'GET /v1/accounts/:accountId/audit': { params: account, query: {}, body: undefined },
  'POST /v1/incidents': {
    params: {},
    query: {},
    body: {
      incidentId: 'inc-1',
      description: '7pay-like takeover',
      window: { from: '2024-05-01T00:00:00+09:00', to: '2024-05-02T00:00:00+09:00' },
      criteria: { deviceIds: ['phone-9'], devicesRegisteredInWindow: true, countries: ['CN'], accountIds: ['acc-1'] },
      dryRun: true,
      occurredAt: at,
    },
  },
  'GET /v1/incidents/:incidentId/reimbursements': { params: { incidentId: 'inc-1' }, query: {}, body: undefined },
  'GET /v1/fraud/alerts': { params: {}, query: { since: at, limit: '50' }, body: undefined },
  'GET /v1/log/checkpoint': { params: {}, query: {}, body: undefined },
  'GET /v1/log/checkpoints/:treeSize': { params: { treeSize: '2' }, query: {}, body: undefined },
  'GET /v1/log/key': { params: {}, query: {}, body: undefined },
  'GET /v1/log/proofs/inclusion': { params: {}, query: { logIndex: '1', treeSize: '4' }, body: undefined },
  'GET /v1/log/proofs/consistency': { params: {}, query: { from: '2', to: '4' }, body: undefined },
  // Four eyes: apr-1 is a reversal proposed by finance:carol (proposeSampleApproval).
  'GET /v1/approvals': { params: {}, query: { status: 'awaiting_approval', limit: '10' }, body: undefined },
  'GET /v1/approvals/:approvalId': { params: { approvalId: 'apr-1' }, query: {}, body: undefined },
  'POST /v1/approvals/:approvalId/approve': { params: { approvalId: 'apr-1' }, query: {}, body: { occurredAt: at, reason: 'checked' } },
  'POST /v1/approvals/:approvalId/reject': { params: { approvalId: 'apr-1' }, query: {}, body: { occurredAt: at, reason: 'not this one' } },
};

export const urlOf = (template: string, sample: Sample): string => {
  const path = template.replace(/:([A-Za-z]+)/g, (_match, name: string) => encodeURIComponent(sample.params[name] ?? ''));
  const query = new URLSearchParams(sample.query).toString();
  return query === '' ? path : `${path}?${query}`;
};
