// Account: search by id; the timeline, the balances over valid time as known at a chosen
// moment, holds, the chain's audit state, and inclusion in the latest signed checkpoint.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import { callJson, segment } from '../../api/client.ts';
import { Audit } from '../../api/wire.ts';
import { Loading, NotOk } from '../../ui/notices.tsx';
import { pinnedVerifierKey } from '../../verify/pinned-key.ts';
import type { VerifierKey } from '../../verify/verifier-key.ts';
import { VerifierKeySection } from '../verifier-key-section.tsx';
import { AccountSearch } from './account-search.tsx';
import { AuditState } from './audit-state.tsx';
import { BalanceView } from './balance-view.tsx';
import { type History, loadHistory } from './load-history.ts';
import { TimelineTable } from './timeline-table.tsx';

const momentsOf = (history: History) => {
  const byTime = new Map<string, string>();
  for (const event of history.events) byTime.set(event.recordedAt, `rev ${event.revision} ${event.type}`);
  return [...byTime.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([recordedAt, label]) => ({ recordedAt, label }));
};

export const AccountPanel = ({ accountId }: Readonly<{ accountId: string | undefined }>) => {
  const [history, setHistory] = useState<Answer<History> | undefined>(undefined);
  const [audit, setAudit] = useState<Answer<Audit> | undefined>(undefined);
  const [knownAtIndex, setKnownAtIndex] = useState(0);
  const [pinned, setPinned] = useState<VerifierKey | undefined>(undefined);
  useEffect(() => void pinnedVerifierKey().then(setPinned), []);
  useEffect(() => {
    setHistory(undefined);
    setAudit(undefined);
    if (accountId === undefined) return;
    let current = true;
    void loadHistory(accountId).then((answer) => {
      if (!current) return;
      setHistory(answer);
      if (answer.kind === 'ok') setKnownAtIndex(Math.max(0, momentsOf(answer.value).length - 1));
    });
    void callJson(Audit, `/v1/accounts/${segment(accountId)}/audit`).then((answer) => current && setAudit(answer));
    return () => {
      current = false;
    };
  }, [accountId]);
  return (
    <section aria-labelledby="account-heading">
      <h2 id="account-heading">Account{accountId === undefined ? '' : ` ${accountId}`}</h2>
      <AccountSearch accountId={accountId} />
      {accountId === undefined ? null : history === undefined ? (
        <Loading what="the account's events" />
      ) : history.kind !== 'ok' ? (
        <NotOk answer={history} what="The account's events" />
      ) : (
        <div>
          {history.value.truncated ? <p role="status">Only the first {history.value.events.length} events are shown.</p> : null}
          <BalanceView
            accountId={accountId}
            events={history.value.events}
            moments={momentsOf(history.value)}
            knownAtIndex={knownAtIndex}
            onKnownAt={setKnownAtIndex}
          />
          <AuditState audit={audit} />
          <TimelineTable
            events={history.value.events}
            knownAt={momentsOf(history.value)[knownAtIndex]?.recordedAt ?? ''}
            pinned={pinned}
            logAvailable={history.value.events.some((event) => event.logIndex !== undefined)}
          />
          {history.value.events.some((event) => event.logIndex !== undefined) ? <VerifierKeySection pinned={pinned} onPinned={setPinned} /> : null}
        </div>
      )}
    </section>
  );
};
