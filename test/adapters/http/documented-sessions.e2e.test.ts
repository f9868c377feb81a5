// The curl sessions of README.md and docs/http.md, run as written against the real server (memory
// store, through inject): every command answers what the page says (the error code, or success
// with the fields shown), on a fresh store and also when the walk-through follows README's
// session on the same store (its own ids: no 409 idempotency_conflict from README's charge-1).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../adapters/app/server.ts';

const root = resolve(import.meta.dirname, '../../..');
const keysVariable = 'payments:pay-0123456789,auditor:aud-0123456789,finance:fin-0123456789,admin:adm-0123456789';

type Step = Readonly<{ method: string; url: string; key: string; body?: string; expected: string }>;

// Each `curl ...` command (continuation lines joined) with the `# ...` answer line after it.
const sessionOf = (page: string): ReadonlyArray<Step> => {
  const blocks = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const lines = blocks.join('\n').replace(/\\\n\s*/g, ' ').split('\n');
  const keyOf = (line: string): string => {
    const header = /Bearer ([a-z]+-[0-9]+)/.exec(line)?.[1];
    return header ?? (line.includes('"$PAY"') ? 'pay-0123456789' : '');
  };
  return lines.flatMap((line, index) => {
    const url = /\$BASE(\/[^\s"']*)/.exec(line)?.[1] ?? /"\$BASE(\/[^"]*)"/.exec(line)?.[1];
    if (!line.startsWith('curl ') || url === undefined) return [];
    const expected = lines[index + 1]?.startsWith('# ') === true ? (lines[index + 1] ?? '').slice(2) : '';
    const body = /-d '([^']*)'/.exec(line)?.[1];
    return [{ method: line.includes('-X POST') ? 'POST' : 'GET', url, key: keyOf(line), ...(body === undefined ? {} : { body }), expected }];
  });
};

// The documented fields with a definite value ("…" elides the others).
const documentedFields = (expected: string, withPositions: boolean): Record<string, string | number> =>
  Object.fromEntries(
    [...expected.matchAll(/"([A-Za-z]+)":("([^"…]*)"|[0-9]+)/g)]
      .filter((match) => withPositions || (match[1] !== 'position' && match[1] !== 'revision' && match[1] !== 'events'))
      .map((match) => [match[1] ?? '', match[3] ?? Number(match[2])]),
  );

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

const runSession = async (server: RunningServer, steps: ReadonlyArray<Step>, withPositions: boolean): Promise<void> => {
  for (const step of steps) {
    const response = await server.app.inject({
      method: step.method,
      url: step.url,
      headers: { authorization: `Bearer ${step.key}`, ...(step.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(step.body === undefined ? {} : { payload: step.body }),
    });
    const errorCode = /^\{"error":\{"code":"([a-z_]+)"/.exec(step.expected)?.[1];
    if (errorCode !== undefined) {
      expect({ url: step.url, code: response.json().error?.code }).toEqual({ url: step.url, code: errorCode });
      continue;
    }
    expect({ url: step.url, status: response.statusCode < 300, body: response.body }).toMatchObject({ url: step.url, status: true });
    if (step.expected.startsWith('{')) expect(response.json()).toMatchObject(documentedFields(step.expected, withPositions));
  }
};

const start = async (): Promise<RunningServer> => {
  const server = await startServer({ env: { LEDGER_STORE: 'memory:', LEDGER_API_KEYS: keysVariable, HOST: '127.0.0.1', PORT: '0' }, print: () => undefined, logger: false });
  servers.push(server);
  return server;
};

describe('the documented curl sessions', () => {
  const readme = sessionOf(readFileSync(resolve(root, 'README.md'), 'utf8'));
  const walkThrough = sessionOf(readFileSync(resolve(root, 'docs/http.md'), 'utf8'));

  it('are found in the pages', () => {
    expect(readme.length).toBeGreaterThanOrEqual(6);
    expect(walkThrough.length).toBeGreaterThanOrEqual(10);
  });

  it('answer as documented on a fresh store, each page on its own', async () => {
    await runSession(await start(), readme, true);
    await runSession(await start(), walkThrough, true);
  });

  it("answer as documented when the walk-through follows README's session on the same store", async () => {
    const server = await start();
    await runSession(server, readme, true);
    await runSession(server, walkThrough, false);
  });
});
