// Every answer that is not a success carries the contract's error shape:
// {"error":{"code":"<snake_case>","message":"<human sentence>","details":<optional>}}.
import type * as t from 'io-ts';

export type ApiError = Readonly<{ status: number; code: string; message: string; details?: unknown }>;

export const apiError = (status: number, code: string, message: string, details?: unknown): ApiError =>
  details === undefined ? { status, code, message } : { status, code, message, details };

export const errorBody = (error: ApiError) => ({
  error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
});

export const invalidRequest = (message: string, details?: unknown): ApiError => apiError(400, 'invalid_request', message, details);
export const notFound = (message: string): ApiError => apiError(404, 'not_found', message);

// At most this many problems are reported: a hostile body with 10,000 bad fields gets a short answer.
export const decodingDetailsMax = 20;

const pathOf = (error: t.ValidationError): string =>
  error.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');

// The details name the field and the rule, never echo the value (it may be huge or hostile).
export const decodingFailure = (where: 'body' | 'params' | 'query', errors: t.Errors): ApiError => {
  const details = errors.slice(0, decodingDetailsMax).map((error) => {
    const path = pathOf(error);
    return { field: path === '' ? where : `${where}.${path}`, problem: error.message ?? 'has the wrong form' };
  });
  const first = details[0];
  const message = first === undefined ? `The ${where} is not valid.` : `The ${where} is not valid: ${first.field} ${first.problem}.`;
  return invalidRequest(message, details);
};
