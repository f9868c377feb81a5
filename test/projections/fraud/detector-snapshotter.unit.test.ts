// When snapshots are written: after eventsMin positions, never within intervalMsMin of the last
// save, always at stop when there is something new; a failed save is reported, not thrown.
import { describe, expect, it } from 'vitest';
import { createDetectorSnapshotter } from '../../../projections/fraud/detector-snapshotter.ts';
import type { DetectorSnapshot } from '../../../projections/fraud/detector-snapshot.ts';
import { type DetectorState, initialDetectorState } from '../../../projections/fraud/fraud-detector.ts';
import { defaultFraudRules } from '../../../projections/fraud/fraud-rules.ts';

const at = (checkpoint: bigint): DetectorState => ({ ...initialDetectorState(), checkpoint });

const setUp = (failing = false) => {
  const saved: DetectorSnapshot[] = [];
  let nowMs = 0;
  const snapshotter = createDetectorSnapshotter({
    snapshots: {
      load: () => saved.at(-1),
      save: (snapshot) => {
        if (failing) throw new Error('disk full');
        saved.push(snapshot);
      },
    },
    rules: defaultFraudRules,
    policy: { eventsMin: 100, intervalMsMin: 5_000 },
    nowMs: () => nowMs,
  });
  return { saved, snapshotter, advanceMs: (ms: number) => { nowMs += ms; } };
};

describe('detector snapshotter', () => {
  it('saves after enough events, not more often than the interval, and at stop', () => {
    const { saved, snapshotter, advanceMs } = setUp();
    expect(snapshotter.restore(0n)).toEqual(initialDetectorState());
    snapshotter.saveIfDue(at(99n));
    expect(saved).toHaveLength(0);
    snapshotter.saveIfDue(at(100n));
    expect(saved.map((s) => s.checkpoint)).toEqual([100n]);
    advanceMs(4_999);
    snapshotter.saveIfDue(at(500n));
    expect(saved).toHaveLength(1);
    advanceMs(1);
    snapshotter.saveIfDue(at(500n));
    snapshotter.saveNow(at(500n));
    snapshotter.saveNow(at(501n));
    expect(saved.map((s) => s.checkpoint)).toEqual([100n, 500n, 501n]);
    expect(snapshotter.status()).toMatchObject({ savedCheckpoint: 501n, savesCount: 3 });
  });

  it('restores the last snapshot unless it is past the head, and reports failed saves', () => {
    const again = createDetectorSnapshotter({ snapshots: { load: setUpSnapshot, save: () => undefined }, rules: defaultFraudRules });
    expect(again.restore(700n).checkpoint).toBe(700n);
    expect(again.status()).toMatchObject({ restored: 'snapshot', restoredCheckpoint: 700n });
    const ahead = createDetectorSnapshotter({ snapshots: { load: () => setUpSnapshot(), save: () => undefined }, rules: defaultFraudRules });
    expect(ahead.restore(699n).checkpoint).toBe(0n);
    expect(ahead.status().discardedBecause).toMatch(/past the store's head/);
    const failing = setUp(true).snapshotter;
    failing.saveNow(at(5n));
    expect(failing.status()).toMatchObject({ savesCount: 0, lastSaveError: 'disk full' });
  });
});

const setUpSnapshot = (): DetectorSnapshot => {
  const { saved, snapshotter } = setUp();
  snapshotter.saveNow(at(700n));
  const snapshot = saved[0];
  if (snapshot === undefined) throw new Error('no snapshot');
  return snapshot;
};
