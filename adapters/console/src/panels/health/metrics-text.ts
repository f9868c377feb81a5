// Projection lag from the Prometheus text of GET /metrics: the ledger's one lag gauge, one sample per
// projection label. The name is the server's (adapters/http/ledger-metrics.ts, held equal by a test);
// other gauges that merely mention lag are not projection lag. Absent on servers that do not expose it.
export type ProjectionLag = Readonly<{ projection: string; metric: string; value: string }>;

export const projectionLagMetric = 'ledger_projection_lag_events';

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}\s+(\S+)/;
const projectionLabel = /(?:^|,)\s*projection="([^"]*)"/;
const linesMax = 20_000;

export const projectionLagsOf = (metrics: string): ReadonlyArray<ProjectionLag> => {
  const lags: ProjectionLag[] = [];
  for (const line of metrics.split('\n').slice(0, linesMax)) {
    const sample = samplePattern.exec(line);
    if (sample === null) continue;
    const [, metric = '', labels = '', value = ''] = sample;
    const projection = projectionLabel.exec(labels)?.[1];
    if (projection !== undefined && metric === projectionLagMetric) lags.push({ projection, metric, value });
  }
  return lags;
};
