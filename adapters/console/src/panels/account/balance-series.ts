// The ledger and corrected balances over valid time, as the ledger knew them at `knownAt`: one
// balance query per distinct occurredAt of the account's events (the balance only changes there),
// asked of the API rather than recomputed here, so the chart shows the server's own answers.
import type { Answer } from '../../api/answer.ts';
import { callJson, query, segment } from '../../api/client.ts';
import { Balance, type LedgerEvent } from '../../api/wire.ts';

export const chartPointsMax = 200;
const concurrentRequestsMax = 4;

export type BalancePoint = Readonly<{ asOf: string; balance: Balance | undefined }>;

// Distinct valid times in order; past the bound, an even sample that keeps the last one.
export const valueTimesOf = (events: ReadonlyArray<LedgerEvent>): ReadonlyArray<string> => {
  const times = [...new Set(events.map((event) => event.occurredAt))].sort();
  if (times.length <= chartPointsMax) return times;
  const step = times.length / chartPointsMax;
  return Array.from({ length: chartPointsMax }, (_, i) => times[Math.min(times.length - 1, Math.round((i + 1) * step) - 1)] ?? '');
};

export const loadBalanceSeries = async (
  accountId: string,
  asOfTimes: ReadonlyArray<string>,
  knownAt: string,
): Promise<Answer<ReadonlyArray<BalancePoint>>> => {
  const points: BalancePoint[] = new Array(asOfTimes.length);
  let failure: Answer<never> | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < asOfTimes.length) {
      const index = next;
      next += 1;
      const asOf = asOfTimes[index] ?? '';
      const answer = await callJson(Balance, `/v1/accounts/${segment(accountId)}/balance${query({ asOf, knownAt })}`);
      // account_not_found at this knownAt: nothing about the account was known yet.
      if (answer.kind === 'ok') points[index] = { asOf, balance: answer.value };
      else if (answer.kind === 'refused' && answer.status === 404) points[index] = { asOf, balance: undefined };
      else failure = answer;
    }
  };
  await Promise.all(Array.from({ length: concurrentRequestsMax }, worker));
  return failure ?? { kind: 'ok', status: 200, value: points };
};
