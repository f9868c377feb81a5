// What a call to the API came to, as a value the panels switch on. "unavailable" is a feature
// this server does not have (a route answering 404 not_found or 503 not_available): the panel
// says so calmly. "refused" is the contract's answer to this request (4xx). "failed" is a fault.
export type Answer<T> =
  | Readonly<{ kind: 'ok'; status: number; value: T }>
  | Readonly<{ kind: 'unavailable' }>
  | Readonly<{ kind: 'refused'; status: number; code: string; message: string }>
  | Readonly<{ kind: 'failed'; message: string }>;

export const okValue = <T>(answer: Answer<T>): T | undefined => (answer.kind === 'ok' ? answer.value : undefined);

export const mapAnswer = <A, B>(answer: Answer<A>, f: (value: A) => B): Answer<B> =>
  answer.kind === 'ok' ? { kind: 'ok', status: answer.status, value: f(answer.value) } : answer;
