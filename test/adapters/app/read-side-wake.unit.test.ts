// The read side's wake: one message per batch of the worker's work, never one per append, and a
// wake missed while the worker was busy is never lost.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkerWake } from '../../../adapters/app/read-side-wake.ts';

describe('read side wake', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const started = (retryMs = 20) => {
    const sent: number[] = [];
    const wake = createWorkerWake(() => sent.push(Date.now()), retryMs);
    return { sent, wake };
  };

  it('sends one wake for the appends of one turn', () => {
    const { sent, wake } = started();
    for (let index = 0; index < 5; index += 1) wake.appended();
    expect(sent).toHaveLength(0);
    vi.advanceTimersToNextTimer();
    expect(sent).toHaveLength(1);
  });

  it('sends no further wake while the worker works, then one at its progress', () => {
    const { sent, wake } = started();
    wake.appended();
    vi.advanceTimersToNextTimer();
    for (let turn = 0; turn < 10; turn += 1) {
      wake.appended();
      vi.advanceTimersByTime(1);
    }
    expect(sent).toHaveLength(1);
    wake.progressed();
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
  });

  it('wakes again after retryMs when a wake brought no progress and an append was missed', () => {
    const { sent, wake } = started(20);
    wake.appended();
    vi.advanceTimersByTime(1);
    wake.appended();
    vi.advanceTimersByTime(18);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(5);
    expect(sent).toHaveLength(2);
  });

  it('stays quiet after a progress when nothing was appended since the wake', () => {
    const { sent, wake } = started();
    wake.appended();
    vi.advanceTimersByTime(1);
    wake.progressed();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    wake.appended();
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing once stopped, and a stop forgets a wake the worker never answered', () => {
    const { sent, wake } = started();
    wake.appended();
    vi.advanceTimersByTime(1);
    wake.appended();
    wake.stop();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    wake.appended();
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
  });
});
