// The CLI as a client of a running ledger (--url, the key in LEDGER_API_KEY, as `verify --url`):
// four eyes' proposals and decisions go through the server, which records who asked.
import { failed, usageFailure } from './cli-failure.ts';

export type RemoteApi = Readonly<{ url: string; apiKey: string }>;
export type RemoteAnswer = Readonly<{ status: number; body: Readonly<Record<string, unknown>> }>;

export const remoteTimeoutMs = 10 * 60_000;
const answerLengthMax = 16 * 1024 * 1024;

export const remoteApiOf = (url: string): RemoteApi => {
  const apiKey = process.env.LEDGER_API_KEY;
  if (apiKey === undefined || apiKey === '') throw usageFailure('--url needs an API key in LEDGER_API_KEY');
  if (!URL.canParse(url)) throw usageFailure(`--url "${url.slice(0, 60)}" is not a URL`);
  return { url, apiKey };
};

// Any HTTP status is an answer; only an unreachable server or a non-JSON answer fails here.
export const callRemote = async (remote: RemoteApi, method: 'GET' | 'POST', path: string, body?: unknown): Promise<RemoteAnswer> => {
  const response = await fetch(new URL(path, remote.url), {
    method,
    headers: { authorization: `Bearer ${remote.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(remoteTimeoutMs),
  }).catch((error: unknown) => {
    throw failed(`cannot reach ${remote.url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const text = await response.text();
  if (text.length > answerLengthMax) throw failed(`${path}: the answer is larger than ${answerLengthMax} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw failed(`${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw failed(`${path}: HTTP ${response.status}, not a JSON object`);
  return { status: response.status, body: Object.fromEntries(Object.entries(value)) };
};

// A refusal in the contract's error shape, as one line (exit code 1).
export const refusedAnswer = (path: string, answer: RemoteAnswer): Error => {
  const error = answer.body.error;
  const detail = typeof error === 'object' && error !== null && 'code' in error && 'message' in error ? `${String(error.code)}: ${String(error.message)}` : JSON.stringify(answer.body).slice(0, 200);
  return failed(`${path}: HTTP ${answer.status} ${detail}`);
};
