// Polls a served process's GET /ready until it answers 200, sampling the process's resident memory
// (/proc, Linux) and noting when each projection first came within the ready bound: where the
// time of a cold start goes, projection by projection.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

export type ReadyWatch = Readonly<{ readyMs: number; peakRssMiB: number; projectionReadyMs: Readonly<Record<string, number>> }>;

const pollIntervalMs = 200;

// VmHWM: the process's peak resident set since it started, every thread included (the read side's
// worker shares the process); sampled VmRSS as well, in case the kernel does not keep VmHWM.
const statusKiB = (pid: number, field: 'VmHWM' | 'VmRSS'): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] === undefined ? 0 : Number(match[1]);
};

// The projections' lags of GET /ready's answer: in its body when ready, in error.details when not.
const Lags = t.record(t.string, t.type({ lag: t.number }));
const ReadyBody = t.union([
  t.type({ projections: Lags }),
  t.type({ error: t.type({ details: t.type({ projections: Lags }) }) }),
]);

const lagsOf = (body: unknown): Readonly<Record<string, number>> => {
  const decoded = ReadyBody.decode(body);
  if (isLeft(decoded)) return {};
  const projections = 'projections' in decoded.right ? decoded.right.projections : decoded.right.error.details.projections;
  return Object.fromEntries(Object.entries(projections).map(([name, { lag }]) => [name, lag]));
};

export const watchUntilReady = async (url: string, pid: number, startedAt: number, timeoutMs: number): Promise<ReadyWatch> => {
  let peakKiB = 0;
  const projectionReadyMs: Record<string, number> = {};
  for (;;) {
    peakKiB = Math.max(peakKiB, statusKiB(pid, 'VmRSS'), statusKiB(pid, 'VmHWM'));
    const elapsedMs = performance.now() - startedAt;
    const response = await fetch(`${url}/ready`).catch(() => undefined);
    if (response !== undefined) {
      const body: unknown = await response.json().catch(() => undefined);
      for (const [name, lag] of Object.entries(lagsOf(body))) {
        if (lag === 0 && projectionReadyMs[name] === undefined) projectionReadyMs[name] = Math.round(elapsedMs);
      }
      if (response.status === 200) {
        peakKiB = Math.max(peakKiB, statusKiB(pid, 'VmHWM'));
        return { readyMs: elapsedMs, peakRssMiB: peakKiB / 1024, projectionReadyMs };
      }
    }
    if (elapsedMs > timeoutMs) throw new Error(`cold start: not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
};
