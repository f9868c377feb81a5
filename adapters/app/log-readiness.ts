// /ready says when the verifiable log refuses to sign (contract: "says so on /ready"): a store
// whose events no longer match the signed log is not ready, whatever the projections say. The log
// is reported beside the projections, in their shape, as `verifiable-log` (failed, with why).
import type { Readiness } from '../http/app-deps.ts';
import type { VerifiableLog } from '../verifiable-log/verifiable-log.ts';

export const logReadinessName = 'verifiable-log';

export const withLogReadiness = (readiness: Readiness, log: Pick<VerifiableLog, 'status' | 'size'> | undefined): Readiness => async () => {
  const report = await readiness();
  const status = log?.status();
  if (log === undefined || status?.kind !== 'inconsistent') return report;
  const size = String(log.size());
  return {
    ...report,
    ready: false,
    projections: { ...report.projections, [logReadinessName]: { state: 'failed', checkpoint: size, head: size, lag: 0, error: status.reason } },
  };
};
