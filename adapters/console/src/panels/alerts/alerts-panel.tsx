// Fraud alerts, live: polled with fetch (an EventSource cannot send the key) every few seconds
// while the panel is open, newest first, each linking to its account.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson, query } from '../../api/client.ts';
import { type Alert, Alerts } from '../../api/wire.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';
import { pageOf, Pager } from '../../ui/pager.tsx';

export const alertsPollIntervalMs = 3_000;
// The feed keeps the latest alerts only: a tab left open all day stays small.
const alertsKeptMax = 1_000;

const merged = (known: ReadonlyArray<Alert>, fresh: ReadonlyArray<Alert>): ReadonlyArray<Alert> => {
  const byId = new Map(known.map((alert) => [alert.alertId, alert]));
  for (const alert of fresh) byId.set(alert.alertId, alert);
  return [...byId.values()].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0)).slice(0, alertsKeptMax);
};

export const AlertsPanel = () => {
  const [alerts, setAlerts] = useState<ReadonlyArray<Alert>>([]);
  const [last, setLast] = useState<Answer<unknown> | undefined>(undefined);
  const [polledAt, setPolledAt] = useState('');
  const [page, setPage] = useState(0);
  useEffect(() => {
    let stopped = false;
    let since: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const answer = await callJson(Alerts, `/v1/fraud/alerts${query({ since })}`);
      if (stopped) return;
      setLast(answer);
      setPolledAt(new Date().toISOString());
      if (answer.kind === 'ok') {
        // since is inclusive: the newest alert comes again and is merged by id.
        const newest = answer.value.alerts.reduce<string | undefined>((max, alert) => (max === undefined || alert.occurredAt > max ? alert.occurredAt : max), since);
        since = newest;
        setAlerts((known) => merged(known, answer.value.alerts));
      }
      if (answer.kind !== 'unavailable') timer = setTimeout(() => void poll(), alertsPollIntervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Fraud alerts</h2>
      {last === undefined ? <Loading what="the alerts" /> : last.kind !== 'ok' ? <NotOk answer={last} what="Fraud alerts" /> : null}
      <p class="hint" aria-live="off">Polled every {alertsPollIntervalMs / 1000} s; last at {polledAt || '…'}.</p>
      <div class="table-scroll">
        <table id="alerts">
          <thead>
            <tr><th scope="col">occurred at</th><th scope="col">rule</th><th scope="col">account</th><th scope="col">details</th></tr>
          </thead>
          <tbody>
            {pageOf(alerts, page).map((alert) => (
              <tr key={alert.alertId}>
                <td class="time">{alert.occurredAt}</td>
                <td>{alert.rule}</td>
                <td><a href={`#/account/${encodeURIComponent(alert.accountId)}`}>{alert.accountId}</a></td>
                <td><code>{JSON.stringify(alert.details)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} total={alerts.length} label="Alerts" onPage={setPage} />
    </section>
  );
};
