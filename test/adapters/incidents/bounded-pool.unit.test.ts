// The reversal work queue: never more than concurrencyMax tasks at once, and a failure surfaces.
import { describe, expect, it } from 'vitest';
import { createWorkQueue } from '../../../adapters/incidents/bounded-pool.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('work queue', () => {
  it('runs every task with at most concurrencyMax in flight', async () => {
    const queue = createWorkQueue(3);
    let running = 0;
    let peak = 0;
    let finished = 0;
    for (let i = 0; i < 20; i += 1) {
      await queue.submit(async () => {
        running += 1;
        peak = Math.max(peak, running);
        for (let k = 0; k < 1 + (i % 4); k += 1) await tick();
        running -= 1;
        finished += 1;
      });
    }
    await queue.drain();
    expect(finished).toBe(20);
    expect(peak).toBe(3);
  });

  it('rethrows the first failure and refuses work after it', async () => {
    const queue = createWorkQueue(2);
    await queue.submit(async () => {
      await tick();
      throw new Error('boom');
    });
    await expect(queue.drain()).rejects.toThrow('boom');
    await expect(queue.submit(async () => undefined)).rejects.toThrow('boom');
    expect(() => createWorkQueue(0)).toThrow(RangeError);
  });
});
