// How a panel says what did not come back: a missing feature calmly, a refusal as the server's
// own sentence, a fault as an error (role=alert, the only thing styled as one).
import type { Answer } from '../api/answer.ts';

export const Unavailable = ({ what }: Readonly<{ what: string }>) => (
  <p class="unavailable" role="status">
    {what}: not available on this server.
  </p>
);

export const Failure = ({ message }: Readonly<{ message: string }>) => (
  <p class="error" role="alert">
    {message}
  </p>
);

export const Refusal = ({ code, message }: Readonly<{ code: string; message: string }>) => (
  <p class="refusal" role="status">
    {message} <span class="code">({code})</span>
  </p>
);

export const Loading = ({ what }: Readonly<{ what: string }>) => (
  <p class="loading" role="status" aria-live="polite">
    Loading {what}…
  </p>
);

// Everything but success; a panel renders its value itself.
export const NotOk = ({ answer, what }: Readonly<{ answer: Exclude<Answer<unknown>, { kind: 'ok' }>; what: string }>) => {
  switch (answer.kind) {
    case 'unavailable':
      return <Unavailable what={what} />;
    case 'refused':
      return <Refusal code={answer.code} message={answer.message} />;
    case 'failed':
      return <Failure message={`${what}: ${answer.message}`} />;
    default: {
      const unreachable: never = answer;
      return unreachable;
    }
  }
};
