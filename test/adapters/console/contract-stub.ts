// A stand-in server that answers exactly as the v1.1 additions (shared contract) say, for the
// console features whose routes are not in this code base yet: issuedBy and logIndex on events,
// holds on the balance, signed checkpoints and inclusion proofs (a real Ed25519 key and a real
// RFC 6962 tree), the dry run's paged `selected` list, four-eyes proposals and approvals,
// /ready and projection lag. It serves the same built console with the real console plugin.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { consolePlugin } from '../../../adapters/http/plugins/console-plugin.ts';

const sha = (...parts: ReadonlyArray<Uint8Array>): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const node = (left: Buffer, right: Buffer) => sha(Buffer.from([1]), left, right);

// Three events: the third one's served hash is not the one in the log, so its proof must fail.
const loggedHashes = ['opened', 'held', 'charged'].map((name) => sha(Buffer.from(name)));
const servedHash = (index: number) => (index === 2 ? sha(Buffer.from('tampered')) : loggedHashes[index] ?? Buffer.alloc(32)).toString('hex');
const leaves = loggedHashes.map((hash) => sha(Buffer.from([0]), hash));
const [leaf0, leaf1, leaf2] = leaves as [Buffer, Buffer, Buffer];
const root = node(node(leaf0, leaf1), leaf2);
const proofs: Record<number, ReadonlyArray<Buffer>> = { 0: [leaf1, leaf2], 1: [leaf0, leaf2], 2: [node(leaf0, leaf1)] };

const origin = 'stub-ledger';
// A fixed key (PKCS#8 wrapping of a 32-byte seed), the same every run.
const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]), format: 'der', type: 'pkcs8' });
const publicKey = createPublicKey(privateKey);
const rawPublicKey = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
const keyId = sha(Buffer.from(`${origin}\n`), Buffer.from([1]), rawPublicKey).subarray(0, 4);
export const stubVerifierKey = `${origin}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([1]), rawPublicKey]).toString('base64')}`;
const noteText = `${origin}\n3\n${root.toString('base64')}\n`;
const note = `${noteText}\n\u2014 ${origin} ${Buffer.concat([keyId, sign(null, Buffer.from(noteText), privateKey)]).toString('base64')}\n`;

// Query and body fields read without a cast (a stub is still a server).
const field = (record: unknown, name: string): unknown => (typeof record === 'object' && record !== null ? Reflect.get(record, name) : undefined);
const text = (record: unknown, name: string): string => {
  const value = field(record, name);
  return typeof value === 'string' ? value : '';
};

const event = (index: number, type: string, data: Record<string, unknown>) => ({
  position: String(index + 1), revision: index, type, occurredAt: `2019-07-03T0${index}:00:00.000Z`, recordedAt: `2026-01-01T00:00:0${index}.000Z`,
  data, hash: servedHash(index), previousHash: index === 0 ? '0'.repeat(64) : servedHash(index - 1), issuedBy: index === 2 ? 'payments:shop-gateway' : 'payments:onboarding', logIndex: index,
});
const events = [
  event(0, 'AccountOpened', { accountId: 'dave', currency: 'JPY', homeCountry: 'JP' }),
  event(1, 'WalletToppedUp', { accountId: 'dave', amount: { amount: '10000', currency: 'JPY' } }),
  event(2, 'ChargeHeld', { accountId: 'dave', deviceId: 'dave-phone', amount: { amount: '2500', currency: 'JPY' } }),
];

export const selectedCount = 25;
const selectedPage = 20;
const selected = Array.from({ length: selectedCount }, (_, i) => ({
  accountId: `victim-${String(i).padStart(2, '0')}`, chargeId: `charge-${i}`, amount: String(1000 + i), currency: 'JPY', occurredAt: '2019-07-03T03:00:00.000Z', deviceId: 'thief-phone',
}));
const totals = { charges: selectedCount, accounts: selectedCount, total: { JPY: String(selected.reduce((sum, row) => sum + Number(row.amount), 0)) } };
const proposal = { approvalId: 'approval-1', action: 'incidents', status: 'awaiting_approval', proposedBy: 'finance:alice', proposedAt: '2026-01-01T00:00:10.000Z', expiresAt: '2026-01-04T00:00:10.000Z', request: { incidentId: 'stub-incident' }, ...totals };

const documented = ['GET /v1/accounts/{accountId}/events', 'GET /v1/accounts/{accountId}/balance', 'GET /v1/accounts/{accountId}/audit', 'POST /v1/incidents',
  'GET /v1/incidents/{incidentId}/reimbursements', 'GET /v1/approvals', 'POST /v1/approvals/{approvalId}/approve', 'GET /v1/log/key', 'GET /v1/log/checkpoint',
  'GET /v1/log/proofs/inclusion', 'GET /ready', 'GET /metrics', 'GET /health'];

export type ContractStub = Readonly<{ app: FastifyInstance; url: string }>;

export const contractStub = async (consoleDirectory: string): Promise<ContractStub> => {
  const app = Fastify({ logger: false });
  let approved = false;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of documented) {
    const [method = '', path = ''] = route.split(' ');
    paths[path] = { ...paths[path], [method.toLowerCase()]: {} };
  }
  app.get('/openapi.json', async () => ({ openapi: '3.0.3', paths }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async () => ({ status: 'ready', projections: { 'balance-index': { lag: 0 } } }));
  app.get('/metrics', async (_request, reply) => reply.type('text/plain').send('ledger_projection_lag_events{projection="balance-index"} 0\nledger_projection_lag_events{projection="reimbursements"} 4\n'));
  app.get('/v1/accounts/:accountId/events', async () => ({ events, next: null }));
  app.get('/v1/accounts/:accountId/balance', async (request) => {
    const [asOf, knownAt] = [text(request.query, 'asOf'), text(request.query, 'knownAt')];
    const held = asOf >= '2019-07-03T02:00:00.000Z';
    return { accountId: 'dave', currency: 'JPY', asOf, knownAt, ledgerBalance: asOf >= '2019-07-03T01' ? '10000' : '0', correctedBalance: asOf >= '2019-07-03T01' ? '10000' : '0', heldBalance: held ? '2500' : '0', availableBalance: held ? '7500' : '10000' };
  });
  app.get('/v1/accounts/:accountId/audit', async () => ({ accountId: 'dave', events: 3, verified: true, headHash: servedHash(2) }));
  app.get('/v1/log/key', async () => ({ origin, keyName: origin, verifierKey: stubVerifierKey }));
  app.get('/v1/log/checkpoint', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(note));
  app.get('/v1/log/proofs/inclusion', async (request) => {
    const logIndex = text(request.query, 'logIndex');
    return { logIndex: Number(logIndex), treeSize: 3, hashes: (proofs[Number(logIndex)] ?? []).map((hash) => hash.toString('base64')) };
  });
  app.post('/v1/incidents', async (request, reply) => {
    if (field(request.body, 'dryRun') !== true) return reply.code(202).send(proposal);
    const from = Number(text(request.body, 'after'));
    const next = from + selectedPage < selectedCount ? String(from + selectedPage) : null;
    return { incidentId: text(request.body, 'incidentId'), ...totals, dryRun: true, selected: selected.slice(from, from + selectedPage), selectedNext: next };
  });
  app.get('/v1/approvals', async () => ({ approvals: approved ? [] : [proposal] }));
  app.post('/v1/approvals/:approvalId/approve', async (_request, reply) => {
    approved = true;
    return reply.code(201).send({ incidentId: 'stub-incident', ...totals, dryRun: false, approvalId: 'approval-1' });
  });
  app.get('/v1/incidents/:incidentId/reimbursements', async () => ({
    incidentId: 'stub-incident', rows: selected.map((row) => ({ accountId: row.accountId, currency: 'JPY', charges: 1, amount: row.amount })), total: totals.total,
  }));
  await app.register(consolePlugin, { directory: consoleDirectory });
  return { app, url: await app.listen({ host: '127.0.0.1', port: 0 }) };
};
