// `wallet-ledger alerts --url <server>`: the running ledger's alerts through GET /v1/fraud/alerts
// (key in LEDGER_API_KEY), the same journal the server's read side keeps; nothing runs locally.
import * as t from 'io-ts';
import type { Instant } from '../../domain/instant.ts';
import { failed } from './cli-failure.ts';
import { callRemote, refusedAnswer, remoteApiOf } from './remote-api.ts';

const AlertJson = t.type({ alertId: t.string, accountId: t.string, rule: t.string, occurredAt: t.string, details: t.UnknownRecord });
export type AlertJson = t.TypeOf<typeof AlertJson>;
const AlertsAnswer = t.type({ alerts: t.array(AlertJson) });

export const remoteAlerts = async (url: string, since: Instant | undefined, limit: number): Promise<ReadonlyArray<AlertJson>> => {
  const query = new URLSearchParams({ limit: String(limit), ...(since === undefined ? {} : { since }) });
  const path = `/v1/fraud/alerts?${query.toString()}`;
  const answer = await callRemote(remoteApiOf(url), 'GET', path);
  if (answer.status !== 200) throw refusedAnswer('/v1/fraud/alerts', answer);
  const decoded = AlertsAnswer.decode(answer.body);
  if (decoded._tag === 'Left') throw failed('/v1/fraud/alerts: the answer is not a list of alerts');
  return decoded.right.alerts;
};
