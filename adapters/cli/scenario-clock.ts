// The demo's clock: the store stamps recordedAt from it (adapters/event-store/recorded-at.ts), and
// the demo moves it along the story, so that each event is recorded the moment it occurred on
// 3 July 2019 and the incident's reversals the next morning. Without it every event would be
// recorded "today", and the documented bitemporal questions on the story's own dates
// (`balance --known-at 2019-07-03T12:00:00+09:00`) would find nothing known yet.
import type { Clock } from '../event-store/recorded-at.ts';

export type ScenarioClock = Clock & Readonly<{ advanceTo: (instant: string) => void }>;

export const createScenarioClock = (start: string): ScenarioClock => {
  let nowMs = Date.parse(start);
  if (Number.isNaN(nowMs)) throw new Error(`scenario clock: ${start} is not an instant`);
  return {
    now: () => new Date(nowMs),
    // Never backwards: the story's commands come in occurredAt order, and time only moves on.
    advanceTo: (instant) => {
      const atMs = Date.parse(instant);
      if (Number.isNaN(atMs)) throw new Error(`scenario clock: ${instant} is not an instant`);
      nowMs = Math.max(nowMs, atMs);
    },
  };
};
