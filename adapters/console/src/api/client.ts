// The one way the console calls the API: same origin, the key from sessionStorage in the
// Authorization header, every JSON answer through an io-ts codec (an answer is input too).
import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { storedApiKey } from '../session/api-key.ts';
import type { Answer } from './answer.ts';
import { type RouteName, serverOffers } from './server-routes.ts';

const ErrorBody = t.type({ error: t.type({ code: t.string, message: t.string }) });

// Codes by which a server says it lacks a route or a collaborator, not that this request is wrong.
const unavailableCodes: ReadonlySet<string> = new Set(['not_found', 'not_available']);
// 503 answers that are the information asked for (GET /ready when a projection is behind).
const answeringCodes: ReadonlySet<string> = new Set(['not_ready']);

// notFoundIsAnswer: this route exists on every server, so its 404 not_found is about the thing
// asked for (e.g. an incident that reversed nothing yet), not a missing feature.
// feature: the documented route (OpenAPI template) a newer server adds; absent from this server's
// document, the call is not made and the answer is "unavailable".
type Request = Readonly<{ method?: 'GET' | 'POST'; body?: unknown; accept?: string; notFoundIsAnswer?: boolean; feature?: RouteName }>;

// A Response (with whether a 404 is about the thing asked for), or the answer already known
// without one (feature absent, server unreachable). A route the server documents exists, so its
// 404 not_found is an answer (e.g. no checkpoint signed yet), not a missing feature.
const send = async (path: string, request: Request): Promise<Readonly<{ response: Response; notFoundIsAnswer: boolean }> | Answer<never>> => {
  const offered = request.feature === undefined ? 'unknown' : await serverOffers(request.feature);
  if (offered === 'absent') return { kind: 'unavailable' };
  const notFoundIsAnswer = (request.notFoundIsAnswer ?? false) || offered === 'offered';
  const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
  const key = storedApiKey();
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(path, {
      method: request.method ?? 'GET',
      headers,
      cache: 'no-store',
      credentials: 'omit',
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    return { response, notFoundIsAnswer };
  } catch {
    return { kind: 'failed', message: 'The server could not be reached.' };
  }
};

const refusalOf = async (response: Response, notFoundIsAnswer: boolean): Promise<Answer<never>> => {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  const body = ErrorBody.decode(parsed);
  if (!isRight(body)) {
    return response.status === 404 ? { kind: 'unavailable' } : { kind: 'failed', message: `The server answered ${response.status}.` };
  }
  const { code, message } = body.right.error;
  const routeMissing = response.status === 404 && !notFoundIsAnswer;
  if ((routeMissing || response.status === 503) && unavailableCodes.has(code)) return { kind: 'unavailable' };
  if (response.status >= 500 && !answeringCodes.has(code)) return { kind: 'failed', message: `${message} (${code})` };
  return { kind: 'refused', status: response.status, code, message };
};

export const callJson = async <A>(codec: t.Type<A, unknown, unknown>, path: string, request: Request = {}): Promise<Answer<A>> => {
  const sent = await send(path, request);
  if (!('response' in sent)) return sent;
  const { response, notFoundIsAnswer } = sent;
  if (!response.ok) return refusalOf(response, notFoundIsAnswer);
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    return { kind: 'failed', message: `${path} did not answer JSON.` };
  }
  const decoded = codec.decode(parsed);
  if (!isRight(decoded)) return { kind: 'failed', message: `${path} answered an unexpected shape.` };
  return { kind: 'ok', status: response.status, value: decoded.right };
};

export const callText = async (path: string, request: Request & { accept: string }): Promise<Answer<string>> => {
  const sent = await send(path, request);
  if (!('response' in sent)) return sent;
  const { response, notFoundIsAnswer } = sent;
  if (!response.ok) return refusalOf(response, notFoundIsAnswer);
  return { kind: 'ok', status: response.status, value: await response.text() };
};

export const query = (parameters: Readonly<Record<string, string | undefined>>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) search.set(name, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

export const segment = (id: string): string => encodeURIComponent(id);
