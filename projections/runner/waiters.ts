// Readers waiting for a projection to reach a position (read-your-writes). Bounded: beyond
// waitersMax a wait answers 'busy' at once instead of growing the list.
import type { GlobalPosition } from '../../domain/ports/event-store.ts';

export type WaitOutcome =
  | Readonly<{ kind: 'caught_up'; checkpoint: GlobalPosition }>
  | Readonly<{ kind: 'timed_out'; checkpoint: GlobalPosition }>
  | Readonly<{ kind: 'stopped'; checkpoint: GlobalPosition }>
  | Readonly<{ kind: 'failed'; error: string }>
  | Readonly<{ kind: 'busy' }>
  | Readonly<{ kind: 'unknown_projection' }>;

export const waitersMaxDefault = 10_000;

type Waiter = { readonly position: GlobalPosition; readonly settle: (outcome: WaitOutcome) => void };

export class Waiters {
  private readonly pending = new Set<Waiter>();
  private latest: GlobalPosition = 0n;

  constructor(private readonly waitersMax: number = waitersMaxDefault) {}

  wait(position: GlobalPosition, checkpoint: GlobalPosition, timeoutMs: number): Promise<WaitOutcome> {
    this.latest = checkpoint;
    if (checkpoint >= position) return Promise.resolve({ kind: 'caught_up', checkpoint });
    if (this.pending.size >= this.waitersMax) return Promise.resolve({ kind: 'busy' });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        settle: (outcome) => {
          clearTimeout(timer);
          this.pending.delete(waiter);
          resolve(outcome);
        },
      };
      const timer = setTimeout(() => waiter.settle({ kind: 'timed_out', checkpoint: this.latest }), timeoutMs);
      this.pending.add(waiter);
    });
  }

  reached(checkpoint: GlobalPosition): void {
    this.latest = checkpoint;
    for (const waiter of [...this.pending]) if (checkpoint >= waiter.position) waiter.settle({ kind: 'caught_up', checkpoint });
  }

  failed(error: string): void {
    for (const waiter of [...this.pending]) waiter.settle({ kind: 'failed', error });
  }

  stopped(checkpoint: GlobalPosition): void {
    for (const waiter of [...this.pending]) waiter.settle({ kind: 'stopped', checkpoint });
  }
}
