// An account's events, page by page, up to a bound: the console is for looking at an account,
// not for exporting a huge one (the CLI's history command does that).
import type { Answer } from '../../api/answer.ts';
import { callJson, query, segment } from '../../api/client.ts';
import { EventsPage, type LedgerEvent } from '../../api/wire.ts';

export const historyEventsMax = 5_000;
const pageLimit = 1_000;

export type History = Readonly<{ events: ReadonlyArray<LedgerEvent>; truncated: boolean }>;

export const loadHistory = async (accountId: string): Promise<Answer<History>> => {
  const events: LedgerEvent[] = [];
  let after: string | undefined;
  while (events.length < historyEventsMax) {
    const page = await callJson(EventsPage, `/v1/accounts/${segment(accountId)}/events${query({ after, limit: String(pageLimit) })}`);
    if (page.kind !== 'ok') return page;
    events.push(...page.value.events);
    if (page.value.next === null) return { kind: 'ok', status: 200, value: { events, truncated: false } };
    after = page.value.next;
  }
  return { kind: 'ok', status: 200, value: { events: events.slice(0, historyEventsMax), truncated: true } };
};
