// Progress of an incident run while its request is in flight: the reimbursements projection
// counts the reversals appended so far, polled every half second until the answer arrives.
import type { Answer } from '../../api/answer.ts';
import { callJson, segment } from '../../api/client.ts';
import { Reimbursements } from '../../api/wire.ts';

const pollIntervalMs = 500;

export const reimbursementsPath = (incidentId: string): string => `/v1/incidents/${segment(incidentId)}/reimbursements`;

export const reversedSoFar = async (incidentId: string): Promise<number> => {
  const answer = await callJson(Reimbursements, reimbursementsPath(incidentId), { notFoundIsAnswer: true });
  return answer.kind === 'ok' ? answer.value.rows.reduce((count, row) => count + row.charges, 0) : 0;
};

export const withProgress = async <T>(incidentId: string, action: Promise<Answer<T>>, onProgress: (reversed: number) => void): Promise<Answer<T>> => {
  let done = false;
  const poll = async (): Promise<void> => {
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      if (!done) onProgress(await reversedSoFar(incidentId));
    }
  };
  void poll();
  try {
    return await action;
  } finally {
    done = true;
  }
};
