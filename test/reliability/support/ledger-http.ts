// A tiny HTTP client for the server child process: JSON in and out, one key per role, a bounded
// wait per request. A network failure is a value (`undefined` status), not an exception, because
// the crash test expects them.
import type { Role } from '../../../adapters/http/api-keys.ts';

export const testKeys: Readonly<Record<Role, string>> = {
  payments: 'reliability-payments-key',
  auditor: 'reliability-auditor-key',
  finance: 'reliability-finance-key',
  admin: 'reliability-admin-key',
};
export const apiKeysVariable = Object.entries(testKeys).map(([role, key]) => `${role}:${key}`).join(',');

export type Reply = Readonly<{ status: number; body: unknown }> | Readonly<{ status: undefined; error: string }>;

export const requestTimeoutMs = 30_000;

export const send = async (baseUrl: string, role: Role, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> => {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${testKeys[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  } catch (error) {
    return { status: undefined, error: error instanceof Error ? error.message : String(error) };
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

// A field of a JSON object answer, as a string ('' when absent): enough for positions and codes.
export const field = (value: unknown, ...path: ReadonlyArray<string>): string => {
  let current: unknown = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? String(current) : '';
};

export const expectStatus = async (reply: Promise<Reply>, wanted: (status: number) => boolean, what: string): Promise<unknown> => {
  const answered = await reply;
  if (answered.status === undefined || !wanted(answered.status)) {
    throw new Error(`${what}: ${answered.status === undefined ? answered.error : `${answered.status} ${JSON.stringify(answered.body)}`}`);
  }
  return answered.body;
};
