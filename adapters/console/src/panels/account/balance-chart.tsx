// The balances over valid time, drawn with uPlot as steps (a balance holds until the next event).
// Numbers here are only pixel positions: the exact decimal strings are in the table below it.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BalancePoint } from './balance-series.ts';

const chartHeightPx = 280;
const plotted = (amount: string | undefined): number | null => (amount === undefined ? null : Number(amount));

export const BalanceChart = ({ points, currency }: Readonly<{ points: ReadonlyArray<BalancePoint>; currency: string }>) => {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return undefined;
    const data: uPlot.AlignedData = [
      points.map((point) => Date.parse(point.asOf) / 1000),
      points.map((point) => plotted(point.balance?.ledgerBalance)),
      points.map((point) => plotted(point.balance?.correctedBalance)),
    ];
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: chartHeightPx,
        scales: { x: { time: true } },
        axes: [{}, { label: currency, size: 80 }],
        series: [
          { label: 'valid time (UTC)' },
          { label: 'ledger balance', stroke: '#0b5394', width: 2, ...(stepped === undefined ? {} : { paths: stepped }) },
          { label: 'corrected balance', stroke: '#b45309', width: 2, dash: [6, 4], ...(stepped === undefined ? {} : { paths: stepped }) },
        ],
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      },
      data,
      element,
    );
    const resize = () => chart.setSize({ width: Math.max(320, element.clientWidth), height: chartHeightPx });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.destroy();
    };
  }, [points, currency]);
  return <div ref={container} class="chart" role="img" aria-label={`Ledger and corrected balance in ${currency} over valid time; the values are in the table below`} />;
};
