// Projection lag read from Prometheus text, and the incident body the criteria form sends.
import { describe, expect, it } from 'vitest';
import { projectionLagMetric as serverLagMetric } from '../../../../adapters/http/ledger-metrics.ts';
import { projectionLagMetric, projectionLagsOf } from '../../../../adapters/console/src/panels/health/metrics-text.ts';
import { emptyIncidentForm, incidentBodyOf } from '../../../../adapters/console/src/panels/incidents/incident-request.ts';
import { csvOf } from '../../../../adapters/console/src/ui/csv.ts';

describe('projection lag from /metrics', () => {
  it('reads every lag sample that names a projection, and nothing else', () => {
    const text = [
      '# HELP ledger_projection_lag_events Events the projection is behind the head',
      '# TYPE ledger_projection_lag_events gauge',
      'ledger_projection_lag_events{projection="balance-index"} 0',
      'ledger_projection_lag_events{projection="reimbursements",instance="a"} 12',
      'http_requests_total{method="GET",route="/health",status="200"} 3',
      'ledger_event_loop_delay_seconds{quantile="0.99"} 0.01',
      'ledger_replication_lag_seconds{projection="balance-index"} 3',
    ].join('\n');
    expect(projectionLagsOf(text)).toEqual([
      { projection: 'balance-index', metric: 'ledger_projection_lag_events', value: '0' },
      { projection: 'reimbursements', metric: 'ledger_projection_lag_events', value: '12' },
    ]);
    expect(projectionLagsOf('http_requests_total{route="/"} 1')).toEqual([]);
  });

  it('reads the very gauge the server exposes', () => {
    expect(projectionLagMetric).toBe(serverLagMetric);
  });
});

describe('the incident body', () => {
  it('sends only the criteria given, lists split on commas and spaces, countries upper-cased', () => {
    const body = incidentBodyOf({
      ...emptyIncidentForm,
      incidentId: ' i-1 ',
      description: 'd',
      from: '2019-07-03T00:00:00+09:00',
      to: '2019-07-04T00:00:00+09:00',
      deviceIds: 'a, b  c',
      countries: 'cn,vn',
    });
    expect(body).toEqual({
      incidentId: 'i-1',
      description: 'd',
      window: { from: '2019-07-03T00:00:00+09:00', to: '2019-07-04T00:00:00+09:00' },
      criteria: { deviceIds: ['a', 'b', 'c'], countries: ['CN', 'VN'] },
    });
  });
});

describe('CSV', () => {
  it('quotes cells with commas, quotes or line breaks', () => {
    expect(csvOf(['a', 'b'], [['x,y', 'say "hi"'], ['1', '2']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n1,2\r\n');
  });
});
