// The balances over valid time as known at the chosen moment: the knownAt control, the chart,
// the latest figures (holds when the server reports them) and the chart's values as a table.
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../../api/answer.ts';
import type { LedgerEvent } from '../../api/wire.ts';
import { amountText } from '../../ui/format.ts';
import { Loading, NotOk, Unavailable } from '../../ui/notices.tsx';
import { BalanceChart } from './balance-chart.tsx';
import { type BalancePoint, loadBalanceSeries, valueTimesOf } from './balance-series.ts';
import { KnownAtControl } from './known-at-control.tsx';

type BalanceViewProps = Readonly<{
  accountId: string;
  events: ReadonlyArray<LedgerEvent>;
  moments: ReadonlyArray<Readonly<{ recordedAt: string; label: string }>>;
  knownAtIndex: number;
  onKnownAt: (index: number) => void;
}>;

const Summary = ({ point }: Readonly<{ point: BalancePoint | undefined }>) => {
  const balance = point?.balance;
  if (balance === undefined) return <p role="status">Nothing about this account was known at that moment.</p>;
  return (
    <div>
      <dl class="figures" aria-live="polite">
        <dt>Ledger balance</dt>
        <dd id="ledger-balance">{amountText(balance.ledgerBalance, balance.currency)}</dd>
        <dt>Corrected balance</dt>
        <dd id="corrected-balance">{amountText(balance.correctedBalance, balance.currency)}</dd>
        {balance.heldBalance === undefined ? null : (
          <>
            <dt>Held (open holds)</dt>
            <dd id="held-balance">{amountText(balance.heldBalance, balance.currency)}</dd>
            <dt>Available</dt>
            <dd id="available-balance">{amountText(balance.availableBalance, balance.currency)}</dd>
          </>
        )}
      </dl>
      {balance.heldBalance === undefined ? <Unavailable what="Holds" /> : null}
      <p class="hint">As of {point?.asOf} (the account's last valid time), as known at {balance.knownAt}.</p>
    </div>
  );
};

const ValuesTable = ({ points }: Readonly<{ points: ReadonlyArray<BalancePoint> }>) => (
  <details>
    <summary>The chart's values as a table</summary>
    <table>
      <thead>
        <tr><th scope="col">as of</th><th scope="col">ledger balance</th><th scope="col">corrected balance</th></tr>
      </thead>
      <tbody>
        {points.map((point) => (
          <tr key={point.asOf}>
            <td>{point.asOf}</td>
            <td class="amount">{point.balance?.ledgerBalance ?? 'not known'}</td>
            <td class="amount">{point.balance?.correctedBalance ?? 'not known'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </details>
);

export const BalanceView = ({ accountId, events, moments, knownAtIndex, onKnownAt }: BalanceViewProps) => {
  const [series, setSeries] = useState<Answer<ReadonlyArray<BalancePoint>> | undefined>(undefined);
  const knownAt = moments[knownAtIndex]?.recordedAt;
  useEffect(() => {
    if (knownAt === undefined) return undefined;
    let current = true;
    setSeries(undefined);
    void loadBalanceSeries(accountId, valueTimesOf(events), knownAt).then((answer) => current && setSeries(answer));
    return () => {
      current = false;
    };
  }, [accountId, events, knownAt]);
  const currency = series?.kind === 'ok' ? series.value.find((point) => point.balance !== undefined)?.balance?.currency ?? '' : '';
  return (
    <section aria-labelledby="balance-heading">
      <h3 id="balance-heading">Balances over valid time</h3>
      <KnownAtControl moments={moments} index={knownAtIndex} onChange={onKnownAt} />
      {series === undefined ? (
        <Loading what="the balances" />
      ) : series.kind !== 'ok' ? (
        <NotOk answer={series} what="The balances" />
      ) : (
        <div id="balance-view" data-known-at={knownAt}>
          <Summary point={series.value[series.value.length - 1]} />
          <BalanceChart points={series.value} currency={currency} />
          <ValuesTable points={series.value} />
        </div>
      )}
    </section>
  );
};
