// When a projection's subscription ends, whose fault is it? The projection's own code (its batch
// threw: it stays failed, loudly) or the store's (it became unavailable: resume from the
// checkpoint later). Resumes wait a bounded, jittered, exponential delay: from minMs doubling up
// to maxMs, each drawn in [half, whole] so that many projections (and instances) do not retry in step.
import { StoreCorruptedError } from '../../domain/ports/event-store.ts';

export type ResumeBackoff = Readonly<{ minMs: number; maxMs: number; random: () => number }>;

export const resumeBackoffDefault: ResumeBackoff = { minMs: 100, maxMs: 5_000, random: Math.random };

// What a projection's batch threw, kept apart from the store's errors.
export class ProjectionCodeError extends Error {
  readonly original: Error;
  constructor(thrown: unknown) {
    const original = thrown instanceof Error ? thrown : new Error(String(thrown));
    super(original.message, { cause: original });
    this.original = original;
  }
}

// Anything but the projection's code and a corrupted store (which no wait repairs) is an outage.
export const isStoreOutage = (error: Error): boolean => !(error instanceof ProjectionCodeError) && !(error instanceof StoreCorruptedError);

export const resumeDelayMs = (attempt: number, backoff: ResumeBackoff): number =>
  Math.round(Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(attempt, 30)) * (0.5 + backoff.random() / 2));
