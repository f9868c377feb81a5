// The document as a client generator uses it: openapi-typescript turns the served /openapi.json into
// types, a client program written against them (client-smoke/client-program.ts.txt, kept out of the
// repository's own type-check because its import exists only here) must type-check under the
// project's strict options, then runs with openapi-fetch against a real listening server on a real
// SQLite file. The answers of that server, and its CSV and text answers, are checked against the
// document too.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../../adapters/app/server.ts';
import { type Answer, conformanceOf } from './openapi-conformance.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repository = join(here, '..', '..', '..', '..');
// Inside node_modules so that the program resolves openapi-fetch like any file of the project.
const cacheDirectory = join(repository, 'node_modules', '.cache');
mkdirSync(cacheDirectory, { recursive: true });
const clientDirectory = mkdtempSync(join(cacheDirectory, 'wallet-ledger-client-'));
const storeDirectory = mkdtempSync(join(tmpdir(), 'wallet-ledger-client-'));
const adminKey = 'admin-key-client-0001';
let server: RunningServer;
let document: unknown;

beforeAll(async () => {
  server = await startServer({
    env: { LEDGER_STORE: `sqlite:${join(storeDirectory, 'ledger.db')}`, PORT: '0', HOST: '127.0.0.1', LEDGER_API_KEYS: `admin:${adminKey}` },
    print: () => undefined,
    logger: false,
  });
  document = await (await fetch(`${server.url}/openapi.json`)).json();
});

afterAll(async () => {
  await server.stop();
  rmSync(clientDirectory, { recursive: true, force: true });
  rmSync(storeDirectory, { recursive: true, force: true });
});

const typeErrors = (file: string): ReadonlyArray<string> => {
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
};

describe('a client generated from the document', () => {
  it('type-checks, and calls the real server by named paths with typed bodies, errors and events', async () => {
    writeFileSync(join(clientDirectory, 'ledger-api.ts'), astToString(await openapiTS(JSON.parse(JSON.stringify(document)))));
    const program = join(clientDirectory, 'client-program.ts');
    copyFileSync(join(here, 'client-smoke', 'client-program.ts.txt'), program);
    expect(typeErrors(program)).toEqual([]);
    const { smoke } = await import(pathToFileURL(program).href);
    expect(await smoke(server.url, adminKey)).toEqual({
      opened: 201,
      chargedAmount: '1200',
      refusedCode: 'insufficient_funds',
      refusedStatus: 422,
      ledgerBalance: '3800',
      eventTypes: ['AccountOpened', 'DeviceRegistered', 'DeviceVerified', 'WalletToppedUp', 'WalletCharged', 'ChargeDeclined'],
      chargedAmountInHistory: '1200',
      health: 'ok',
    });
  });

  it("answers a real server's JSON, CSV, text and error answers as the document says", async () => {
    const conforms = await conformanceOf(document);
    const answer = async (method: string, route: string, url: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> => {
      const response = await fetch(`${server.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { method, route, status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
    };
    const incident = {
      incidentId: 'inc-client',
      description: 'client smoke',
      window: { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' },
      criteria: { accountIds: ['client-1'] },
    };
    const reimbursements = '/v1/incidents/:incidentId/reimbursements';
    const answers = [
      await answer('POST', '/v1/incidents', '/v1/incidents', {}, incident),
      await answer('GET', reimbursements, '/v1/incidents/inc-client/reimbursements'),
      await answer('GET', reimbursements, '/v1/incidents/inc-client/reimbursements', { accept: 'text/csv' }),
      await answer('GET', reimbursements, '/v1/incidents/inc-none/reimbursements', { accept: 'text/csv' }),
      await answer('GET', '/metrics', '/metrics'),
      await answer('GET', '/v1/fraud/alerts', '/v1/fraud/alerts'),
      await answer('GET', '/v1/accounts/:accountId/audit', '/v1/accounts/client-1/audit'),
      await answer('GET', '/v1/accounts/:accountId/events', '/v1/accounts/client-1/events?limit=0'),
      await answer('GET', '/v1/accounts/:accountId/balance', '/v1/accounts/client-1/balance', { authorization: 'Bearer wrong' }),
    ];
    expect(answers.map((each) => [each.status, each.contentType.split(';')[0]])).toEqual([
      [201, 'application/json'],
      [200, 'application/json'],
      [200, 'text/csv'],
      [404, 'application/json'],
      [200, 'text/plain'],
      [200, 'application/json'],
      [200, 'application/json'],
      [400, 'application/json'],
      [401, 'application/json'],
    ]);
    expect(answers.flatMap(conforms)).toEqual([]);
    // The checker refuses what the document does not say: a CSV body where only JSON is documented.
    expect(conforms({ ...answers[1]!, route: '/v1/fraud/alerts', contentType: 'text/csv' })).toHaveLength(1);
  });
});
