// Every answer that is not a success carries the contract's error shape:
// {"error":{"code":"<snake_case>","message":"<human sentence>","details":<optional>}}.
import type * as t from 'io-ts';

export type ApiError = Readonly<{ status: number; code: string; message: string; details?: unknown }>;

export const apiError = (status: number, code: string, message: string, details?: unknown): ApiError =>
  details === undefined ? { status, code, message } : { status, code, message, details };

export const errorBody = (error: ApiError) => ({
  error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
});

// Every 400's details have this one shape, whatever found the problem (a codec, the decider's
// scale check, a cross-field rule, the JSON parser): one entry per problem, naming the field (its
// path, prefixed by where it was: body, query, params) and the rule it breaks, plus any facts a
// client needs (e.g. currency and scaleMax).
export type FieldProblem = Readonly<{ field: string; rule: string } & Record<string, unknown>>;

export const invalidRequest = (message: string, details: ReadonlyArray<FieldProblem>): ApiError =>
  apiError(400, 'invalid_request', message, details);
export const notFound = (message: string): ApiError => apiError(404, 'not_found', message);

// At most this many problems are reported: a hostile body with 10,000 bad fields gets a short answer.
export const decodingDetailsMax = 20;

const pathOf = (error: t.ValidationError): string =>
  error.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');

// A time in a query string sent with its offset's '+' unencoded arrives with a space instead
// (application/x-www-form-urlencoded), e.g. "2019-07-03T10:15:00 09:00".
const plusDecodedAsSpace = /[0-9] [0-9]{2}(:?[0-9]{2})?$/;
const plusHint = "; a '+' in a query string must be sent as %2B (a bare + arrives as a space)";

// The details name the field and the rule, never echo the value (it may be huge or hostile).
export const decodingFailure = (where: 'body' | 'params' | 'query', errors: t.Errors): ApiError => {
  const details = errors.slice(0, decodingDetailsMax).map((error): FieldProblem => {
    const path = pathOf(error);
    const hint = where === 'query' && typeof error.value === 'string' && plusDecodedAsSpace.test(error.value) ? plusHint : '';
    return { field: path === '' ? where : `${where}.${path}`, rule: `${error.message ?? 'has the wrong form'}${hint}` };
  });
  const first = details[0];
  const message = first === undefined ? `The ${where} is not valid.` : `The ${where} is not valid: ${first.field}: ${first.rule}.`;
  return invalidRequest(message, details);
};
