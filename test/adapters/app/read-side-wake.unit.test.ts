// The read side's wake through shared memory: bumps from one side become one wake per interval on
// the other, nothing moves nothing, and a stopped watch wakes no more.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWakeCounter, watchWakeCounter } from '../../../adapters/app/read-side-wake.ts';

describe('read side wake counter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wakes once for the bumps of one interval, and not at all when nothing was bumped', () => {
    const counter = createWakeCounter();
    let wakes = 0;
    const stop = watchWakeCounter(counter.buffer, () => { wakes += 1; }, 5);
    vi.advanceTimersByTime(20);
    expect(wakes).toBe(0);
    for (let index = 0; index < 7; index += 1) counter.bump();
    vi.advanceTimersByTime(5);
    expect(wakes).toBe(1);
    vi.advanceTimersByTime(20);
    expect(wakes).toBe(1);
    counter.bump();
    vi.advanceTimersByTime(5);
    expect(wakes).toBe(2);
    stop();
    counter.bump();
    vi.advanceTimersByTime(20);
    expect(wakes).toBe(2);
  });

  it('starts from the counter as it finds it, so bumps before the watch began wake nobody', () => {
    const counter = createWakeCounter();
    counter.bump();
    let wakes = 0;
    const stop = watchWakeCounter(counter.buffer, () => { wakes += 1; }, 5);
    vi.advanceTimersByTime(10);
    expect(wakes).toBe(0);
    stop();
  });
});
